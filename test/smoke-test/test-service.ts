// A real local HTTP(S) service for the smoke-test's tests and bench: healthy and broken answers
// (hangs, 503 then 200, echoes of a header URL-encoded, lower-cased and base64-encoded, 429 with Retry-After, invalid JSON, huge streamed bodies, redirects),
// and certificates with a chosen expiry for tls-days.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { generate } from 'selfsigned';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The client's port: two requests on one kept-alive connection share it. */
  remotePort: number;
}

export interface TestService {
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** What /healthz reports; tests change it between rounds. */
  health: { status: string; score: number };
  /** Called by /trickle between the first and the last part of its body (a test moves its clock there). */
  hooks: { beforeBodyEnd?: () => void };
  stop(): Promise<void>;
}

export interface Certificates {
  /** PEM of the certificate authority that signed the server certificate. */
  ca: string;
  key: string;
  cert: string;
}

const DAY_MS = 86_400_000;

/** A CA and a server certificate for 127.0.0.1/localhost, each valid for the given number of days from now. */
export async function generateCertificates(days: { server: number; ca?: number }): Promise<Certificates> {
  const now = Date.now();
  const ca = await generate([{ name: 'commonName', value: 'Shipshape Test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + (days.ca ?? 3650) * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'shop.test' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    // Backdated so that a certificate that expired "yesterday" is still after its notBefore.
    notBeforeDate: new Date(now - 30 * DAY_MS),
    notAfterDate: new Date(now + days.server * DAY_MS),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { ca: ca.cert, key: server.private, cert: server.cert };
}

/** Starts the service on 127.0.0.1 (over https when certificates are given). */
export async function startTestService(tls?: Pick<Certificates, 'key' | 'cert'>): Promise<TestService> {
  const requests: RecordedRequest[] = [];
  const health = { status: 'ok', score: 0.99 };
  const hooks: TestService['hooks'] = {};
  const attemptsByKey = new Map<string, number>();
  const sockets = new Set<Socket>();
  const requestsBySocket = new WeakMap<Socket, number>();
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://service');
      const body = Buffer.concat(chunks).toString('utf8');
      const socket = request.socket;
      const onThisConnection = (requestsBySocket.get(socket) ?? 0) + 1;
      requestsBySocket.set(socket, onThisConnection);
      requests.push({
        method: request.method ?? 'GET',
        path: url.pathname,
        headers: request.headers,
        body,
        remotePort: socket.remotePort ?? 0,
      });
      // /drop-reused: a server that hangs up on a kept-alive connection instead of answering on it.
      if (url.pathname === '/drop-reused' && onThisConnection > 1) {
        socket.destroy();
        return;
      }
      route(url, request, response, body, health, attemptsByKey, hooks);
    });
  };
  const server: Server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, handler) : createHttpServer(handler);
  server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    health,
    hooks,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function route(
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
  body: string,
  health: TestService['health'],
  attemptsByKey: Map<string, number>,
  hooks: TestService['hooks'],
): void {
  const [, first, second] = url.pathname.split('/');
  switch (first) {
    case 'healthz':
      json(response, 200, { status: health.status, integrity: { score: health.score }, version: '1.4.2' });
      return;
    case 'echo': {
      // x-reflect comes back as a response header too, for header expectations on echoed values.
      const reflect = request.headers['x-reflect'];
      json(
        response,
        200,
        { method: request.method, headers: request.headers, body },
        reflect ? { 'x-reflect': String(reflect) } : {},
      );
      return;
    }
    case 'echo-encoded': {
      // x-note echoed back the ways services mangle what they reflect.
      const note = String(request.headers['x-note'] ?? '');
      json(response, 200, {
        url: encodeURIComponent(note),
        lower: note.toLowerCase(),
        base64: Buffer.from(note).toString('base64'),
        basic: Buffer.from(`user:${note}`).toString('base64'),
      });
      return;
    }
    case 'drop-reused':
      json(response, 200, { status: 'ok' });
      return;
    case 'close':
      json(response, 200, { status: 'ok' }, { connection: 'close' });
      return;
    case 'trickle':
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('first part, ');
      setTimeout(() => {
        hooks.beforeBodyEnd?.();
        response.end('last part');
      }, 20);
      return;
    case 'status': {
      const retryAfter = url.searchParams.get('retry-after');
      json(response, Number(second), { status: Number(second) }, retryAfter ? { 'retry-after': retryAfter } : {});
      return;
    }
    case 'flaky': {
      // /flaky/KEY?failures=2&status=503&retry-after=1: the first N requests for KEY fail.
      const seen = (attemptsByKey.get(second) ?? 0) + 1;
      attemptsByKey.set(second, seen);
      if (seen <= Number(url.searchParams.get('failures') ?? 1)) {
        const retryAfter = url.searchParams.get('retry-after');
        json(
          response,
          Number(url.searchParams.get('status') ?? 503),
          { error: 'unavailable' },
          retryAfter ? { 'retry-after': retryAfter } : {},
        );
        return;
      }
      json(response, 200, { status: 'ok', attempt: seen });
      return;
    }
    case 'delay':
      setTimeout(() => json(response, 200, { status: 'ok' }), Number(second));
      return;
    case 'hang':
      return; // never answers
    case 'slow-body':
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('the first bytes, and then nothing');
      return;
    case 'cut':
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
      response.write('ten bytes.');
      setTimeout(() => response.socket?.destroy(), 20);
      return;
    case 'invalid-json':
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"status": "ok", oops');
      return;
    case 'large':
      streamBytes(response, Number(second));
      return;
    case 'redirect': {
      const hops = Number(second);
      response.writeHead(302, { location: hops > 1 ? `/redirect/${hops - 1}` : '/healthz' });
      response.end();
      return;
    }
    case 'loop':
      response.writeHead(302, { location: '/loop' });
      response.end();
      return;
    case 'see-other':
      response.writeHead(303, { location: '/echo' });
      response.end();
      return;
    case 'to':
      response.writeHead(Number(url.searchParams.get('status') ?? 302), {
        location: url.searchParams.get('url') ?? '/',
      });
      response.end();
      return;
    default:
      json(response, 404, { error: 'not found' });
      return;
  }
}

/** Streams `total` bytes of JSON-looking text from one reused buffer, honouring back-pressure. */
function streamBytes(response: ServerResponse, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  response.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(total) });
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      const size = Math.min(chunk.length, total - sent);
      sent += size;
      if (!response.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
        response.once('drain', pump);
        return;
      }
    }
    response.end();
  };
  pump();
}

/** A port on 127.0.0.1 with nothing listening: connecting to it is refused. */
export async function refusedUrl(): Promise<string> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
