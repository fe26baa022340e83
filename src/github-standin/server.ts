// A local GitHub stand-in: an HTTP server on loopback with in-memory state that tests seed and
// inspect. Every request and response is checked against GitHub's OpenAPI description.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findOperation, type MatchedOperation, validateRequest, validateResponse } from './openapi.ts';
import { GitHubState } from './state.ts';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  state: GitHubState;
  standIn: GitHubStandIn;
  /** One page of `items` with GitHub's `Link` header (per_page default 30, at most 100). */
  paginate(items: unknown[]): Reply;
}

export type RouteHandler = (context: RouteContext) => Reply | Promise<Reply>;

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  body?: unknown;
  authorization?: string;
  /** When the response was sent (ms since the epoch). */
  at: number;
}

export interface Fault {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Only requests this matches are faulted; default all. */
  match?: (method: string, path: string) => boolean;
  /**
   * Handle the request first and lose the answer: GitHub did the work but a proxy answered 502.
   * The client cannot know, so a retried create makes a second record.
   */
  afterHandling?: boolean;
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  handle: RouteHandler;
}

export class GitHubStandIn {
  readonly state = new GitHubState();
  readonly requests: RecordedRequest[] = [];
  /** Requests GitHub would reject and responses GitHub would never send. A test expects none. */
  readonly violations: string[] = [];
  url = '';
  /** Added to every response, to widen race windows. */
  delayMs = 0;
  private readonly routes: Route[] = [];
  private readonly faults: Array<Fault & { remaining: number }> = [];
  private readonly barriers: Array<{
    remaining: number;
    arrived: number;
    match: (method: string, path: string, query: URLSearchParams) => boolean;
    released: Promise<void>;
    release: () => void;
  }> = [];
  private server: Server | undefined;

  /** Adds an endpoint: `standIn.route('GET', '/repos/{owner}/{repo}/labels', (ctx) => ...)`. */
  route(method: string, template: string, handle: RouteHandler): this {
    const names: string[] = [];
    const pattern = new RegExp(
      `^${template.replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      })}$`,
    );
    this.routes.push({ method: method.toUpperCase(), template, pattern, names, handle });
    return this;
  }

  /** The next `count` matching requests get this reply instead of reaching a handler. */
  failNext(count: number, fault: Fault): this {
    this.faults.push({ ...fault, remaining: count });
    return this;
  }

  /**
   * Holds the next `count` matching requests until all of them have arrived, then answers them
   * together: two clients are then guaranteed to have read the same state (a real race).
   */
  barrier(count: number, match: (method: string, path: string, query: URLSearchParams) => boolean): this {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.barriers.push({ remaining: count, arrived: 0, match, released, release });
    return this;
  }

  /** GitHub's secondary rate limit: 403, `retry-after`, and the message Octokit recognises. */
  secondaryRateLimitNext(count = 1, retryAfterSeconds = 1, match?: Fault['match']): this {
    return this.failNext(count, {
      status: 403,
      headers: { 'retry-after': String(retryAfterSeconds) },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      },
      match,
    });
  }

  /** GitHub's primary rate limit: 403 with `x-ratelimit-remaining: 0` and a reset time. */
  primaryRateLimitNext(count = 1, resetInSeconds = 1): this {
    return this.failNext(count, {
      status: 403,
      headers: {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + resetInSeconds),
      },
      body: { message: 'API rate limit exceeded for installation ID 1.' },
    });
  }

  countRequests(method?: string, pathPattern?: RegExp): number {
    return this.requests.filter(
      (request) => (!method || request.method === method) && (!pathPattern || pathPattern.test(request.path)),
    ).length;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.violations.push(`stand-in crashed: ${error instanceof Error ? error.stack : String(error)}`);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.state.apiUrl = this.url;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const method = (request.method ?? 'GET').toUpperCase();
    const rawBody = await readBody(request);
    let body: unknown;
    const hasBody = rawBody.length > 0;
    if (hasBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return this.send(
          response,
          method,
          url,
          undefined,
          { status: 400, body: { message: 'Problems parsing JSON' } },
          body,
        );
      }
    }
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const barrier = this.barriers.find(
      (candidate) => candidate.arrived < candidate.remaining && candidate.match(method, url.pathname, url.searchParams),
    );
    if (barrier) {
      barrier.arrived += 1;
      if (barrier.arrived === barrier.remaining) barrier.release();
      await barrier.released;
    }

    const match = findOperation(method, url.pathname);
    if (!match) {
      this.violations.push(`${method} ${url.pathname}: GitHub has no such endpoint`);
      return this.send(response, method, url, undefined, { status: 404, body: { message: 'Not Found' } }, body);
    }

    const fault = this.faults.find(
      (candidate) => candidate.remaining > 0 && (candidate.match?.(method, url.pathname) ?? true),
    );
    if (fault && !fault.afterHandling) {
      fault.remaining -= 1;
      // Injected faults are deliberately off-description (a 502 from a proxy); not validated.
      return this.send(response, method, url, undefined, fault, body);
    }

    const problems = validateRequest(match, url.searchParams, body, hasBody);
    if (problems.length > 0) {
      this.violations.push(`${method} ${url.pathname}: request GitHub would reject: ${problems.join('; ')}`);
      return this.send(
        response,
        method,
        url,
        match,
        {
          status: 422,
          body: { message: 'Validation Failed', errors: problems, documentation_url: 'https://docs.github.com/rest' },
        },
        body,
        false,
      );
    }

    const route = this.routes.find((candidate) => candidate.method === method && candidate.pattern.test(url.pathname));
    if (!route) {
      this.violations.push(`${method} ${url.pathname} (${match.template}): the stand-in has no handler for it yet`);
      return this.send(
        response,
        method,
        url,
        undefined,
        { status: 501, body: { message: 'Not implemented by the stand-in' } },
        body,
      );
    }
    const lostAnswer = fault?.afterHandling ? fault : undefined;
    const values = route.pattern.exec(url.pathname)?.slice(1) ?? [];
    const params = Object.fromEntries(
      route.names.map((name, index) => [name, decodeURIComponent(values[index] ?? '')]),
    );
    const reply = await route.handle({
      params,
      query: url.searchParams,
      body: (body ?? {}) as Record<string, unknown>,
      headers: request.headers,
      state: this.state,
      standIn: this,
      paginate: (items) => paginate(items, url),
    });

    if (lostAnswer) {
      lostAnswer.remaining -= 1;
      return this.send(response, method, url, undefined, lostAnswer, body);
    }
    // Conditional requests: an unchanged GET answers 304 with no body, as GitHub does.
    if (method === 'GET' && reply.status === 200) {
      const etag = `W/"${createHash('sha1')
        .update(JSON.stringify(reply.body ?? null))
        .digest('hex')}"`;
      reply.headers = { ...reply.headers, etag };
      if (request.headers['if-none-match'] === etag) {
        return this.send(response, method, url, undefined, { status: 304, headers: { etag } }, body, false, request);
      }
    }
    return this.send(response, method, url, match, reply, body, true, request);
  }

  private send(
    response: ServerResponse,
    method: string,
    url: URL,
    match: MatchedOperation | undefined,
    reply: Reply,
    requestBody: unknown,
    validate = true,
    request?: IncomingMessage,
  ): void {
    if (match && validate) {
      for (const problem of validateResponse(match, reply.status, reply.body)) {
        this.violations.push(`${method} ${url.pathname}: stand-in response GitHub would never send: ${problem}`);
      }
    }
    this.requests.push({
      method,
      path: url.pathname,
      query: url.search,
      status: reply.status,
      body: requestBody,
      authorization: request?.headers.authorization,
      at: Date.now(),
    });
    const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
    response.writeHead(reply.status, {
      ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      'x-github-api-version-selected': '2022-11-28',
      ...reply.headers,
    });
    response.end(payload);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function paginate(items: unknown[], url: URL): Reply {
  const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1), 100);
  const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string) => {
    const target = new URL(url);
    target.searchParams.set('per_page', String(perPage));
    target.searchParams.set('page', String(n));
    return `<${target.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  return {
    status: 200,
    body: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
}

/** Starts a stand-in with the endpoints every action shares (issues, comments, labels, repos, workflows). */
export async function startGitHubStandIn(): Promise<GitHubStandIn> {
  const { addStandardRoutes } = await import('./routes.ts');
  const standIn = new GitHubStandIn();
  addStandardRoutes(standIn);
  (await import('./routes-deploys.ts')).addDeployRoutes(standIn);
  (await import('./routes-contents.ts')).addContentsRoutes(standIn);
  return standIn.start();
}
