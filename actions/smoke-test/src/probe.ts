// One HTTP(S) attempt with node:http: IPv4 first, a deadline for the whole exchange, redirects
// followed, the body read up to a cap and the rest drained, and the TLS chain's expiry dates.
import { lookup as dnsLookup, type LookupOptions } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { type PeerCertificate, rootCertificates, type TLSSocket } from 'node:tls';
import {
  BODY_LIMIT_BYTES,
  type CertificateFacts,
  type Exchange,
  formatLatency,
  type ResponseFacts,
  type TransportFailureReason,
} from './expectations.ts';

export interface ProbeRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  followRedirects: boolean;
}

export interface ProbeOptions {
  /** Extra trusted certificates (PEM), in addition to Node's store; the runner's way is NODE_EXTRA_CA_CERTS. */
  ca?: string | string[];
  bodyLimitBytes?: number;
  maxRedirects?: number;
}

export type Probe = (request: ProbeRequest) => Promise<Exchange>;

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

// Hosted runners have no IPv6 route: a name with both A and AAAA records is tried over IPv4 first.
export const ipv4First: LookupFunction = (hostname, options, callback) =>
  dnsLookup(hostname, { ...(options as LookupOptions), order: 'ipv4first' }, callback as never);

class Timeout extends Error {
  override name = 'Timeout';
}

class RedirectProblem extends Error {
  override name = 'RedirectProblem';
}

/** Makes the probe; options are fixed for a run (tests pass their own certificate authority). */
export function createProbe(options: ProbeOptions = {}): Probe {
  const limit = options.bodyLimitBytes ?? BODY_LIMIT_BYTES;
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  return async (request) => {
    const started = performance.now();
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(new Timeout()), request.timeoutMs);
    const certificates = new Map<string, CertificateFacts>();
    try {
      let url = new URL(request.url);
      let method = request.method;
      let body = request.body;
      let headers = { ...request.headers };
      for (let hop = 0; ; hop++) {
        const response = await exchange(url, method, headers, body, {
          signal: controller.signal,
          limit,
          ca: options.ca,
          certificates,
        });
        const location = response.headers.location;
        if (!request.followRedirects || !REDIRECT_STATUSES.has(response.status) || location === undefined) {
          return {
            kind: 'response',
            response: {
              ...response,
              latencyMs: performance.now() - started,
              certificates: [...certificates.values()],
            },
          };
        }
        if (hop >= maxRedirects) throw new RedirectProblem(`more than ${maxRedirects} redirects (last to ${location})`);
        const next = new URL(location, url);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new RedirectProblem(`redirected to ${next.protocol} URL ${next.href}, which is not http(s)`);
        }
        // Like browsers and curl: credentials stay with the origin they were written for.
        if (next.origin !== url.origin)
          headers = withoutHeaders(headers, ['authorization', 'cookie', 'proxy-authorization']);
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = method === 'HEAD' ? 'HEAD' : 'GET';
          body = undefined;
          headers = withoutHeaders(headers, ['content-type', 'content-length']);
        }
        url = next;
      }
    } catch (error) {
      return describeFailure(controller.signal.aborted ? controller.signal.reason : error, request);
    } finally {
      clearTimeout(deadline);
    }
  };
}

interface ExchangeOptions {
  signal: AbortSignal;
  limit: number;
  ca: string | string[] | undefined;
  certificates: Map<string, CertificateFacts>;
}

type RawResponse = Omit<ResponseFacts, 'latencyMs' | 'certificates'>;

function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  options: ExchangeOptions,
): Promise<RawResponse> {
  return new Promise((resolvePromise, reject) => {
    const secure = url.protocol === 'https:';
    const requestOptions: https.RequestOptions = {
      method,
      headers,
      signal: options.signal,
      // A fresh connection per request: latency includes connect and TLS like a new visitor's,
      // and no stale keep-alive socket can fail a check (and roll back a deploy) by itself.
      agent: false,
      lookup: ipv4First,
      ...(secure && options.ca ? { ca: withSystemCertificates(options.ca) } : {}),
    };
    const client = secure ? https : http;
    const outgoing = client.request(url, requestOptions, (incoming) => {
      if (secure) collectCertificates(incoming.socket as TLSSocket, options.certificates);
      const kept: Buffer[] = [];
      let keptBytes = 0;
      let totalBytes = 0;
      incoming.on('data', (chunk: Buffer) => {
        totalBytes += chunk.length;
        // Past the limit the bytes are counted and dropped: a 50 MB answer costs no memory.
        if (keptBytes < options.limit) {
          const part = chunk.length <= options.limit - keptBytes ? chunk : chunk.subarray(0, options.limit - keptBytes);
          kept.push(part);
          keptBytes += part.length;
        }
      });
      incoming.on('end', () =>
        resolvePromise({
          status: incoming.statusCode ?? 0,
          headers: flattenHeaders(incoming.headers),
          body: Buffer.concat(kept, keptBytes),
          bodyBytes: totalBytes,
          truncated: totalBytes > keptBytes,
        }),
      );
      incoming.on('error', reject);
      // A server that hangs up mid-body may close the stream without an error.
      incoming.on('close', () => {
        if (!incoming.complete) reject(Object.assign(new Error('the response was cut off'), { code: 'ECONNRESET' }));
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Passing `ca` replaces Node's trust store, so extra authorities are added to it, not swapped in. */
function withSystemCertificates(ca: string | string[]): string[] {
  return [...rootCertificates, ...(Array.isArray(ca) ? ca : [ca])];
}

function collectCertificates(socket: TLSSocket, into: Map<string, CertificateFacts>): void {
  let certificate: PeerCertificate | undefined = socket.getPeerCertificate?.(true);
  // The chain ends at a root that names itself as its issuer.
  while (certificate?.fingerprint256 && !into.has(certificate.fingerprint256)) {
    into.set(certificate.fingerprint256, {
      subject: describeSubject(certificate),
      validTo: new Date(certificate.valid_to),
    });
    certificate = (certificate as PeerCertificate & { issuerCertificate?: PeerCertificate }).issuerCertificate;
  }
}

function describeSubject(certificate: PeerCertificate): string {
  const cn = certificate.subject?.CN;
  const name = Array.isArray(cn) ? cn[0] : cn;
  return name ? `CN=${name}` : (certificate.fingerprint256?.slice(0, 23) ?? 'unknown');
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function withoutHeaders(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name.toLowerCase())));
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
]);

/** A transport failure in a person's words; the reason drives the retry decision. */
function describeFailure(error: unknown, request: Pick<ProbeRequest, 'url' | 'timeoutMs'>): Exchange {
  const failure = (reason: TransportFailureReason, message: string): Exchange => ({ kind: 'failure', reason, message });
  if (error instanceof Timeout)
    return failure('timeout', `no complete response within ${formatLatency(request.timeoutMs)}`);
  if (error instanceof RedirectProblem) return failure('redirect', error.message);
  const { code, message } = error as NodeJS.ErrnoException;
  const host = safeHost(request.url);
  if (code === 'ECONNREFUSED') return failure('refused', 'connection refused');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return failure('dns', `cannot resolve ${host}`);
  if (code === 'ECONNRESET' || code === 'EPIPE') return failure('reset', 'connection reset by the server');
  if (code === 'ETIMEDOUT') return failure('timeout', `connecting to ${host} timed out`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return failure('other', `${host} is unreachable`);
  if (code && (TLS_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))) {
    // Node appends advice about --use-system-ca that does not apply to an action.
    return failure('tls', `TLS certificate rejected: ${message.split('; if the root CA')[0]}`);
  }
  return failure('other', message || String(error));
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
