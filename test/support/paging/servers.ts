// Local HTTP servers playing the paging channels with their documented rules: PagerDuty's Events
// API v2, a Slack incoming webhook, a Teams workflow webhook (which answers 202 even when it drops a
// card) and a generic receiver that verifies the HMAC signature and the event schema.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type * as AdaptiveCardsSdk from 'adaptivecards';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from '../runner.ts';
import { adaptiveCardSchema } from './adaptive-card.ts';

// The package's ES module build imports its files without extensions, which Node refuses; its UMD
// bundle is the same SDK in one file.
const AdaptiveCards = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCardsSdk;

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: unknown;
  /** What the server answered. */
  status: number;
  /** Problems the real service would reject or silently drop the message for. */
  problems: string[];
}

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** A scripted answer for the next matching request; `afterHandling` does the work, then answers this. */
export interface Fault extends Reply {
  afterHandling?: boolean;
}

export class ChannelServer {
  readonly received: Received[] = [];
  url = '';
  /** Delay before every answer (the speed bench). */
  delayMs = 0;
  private readonly faults: Fault[] = [];
  private server: Server | undefined;

  private readonly handle: (request: Omit<Received, 'status'>) => Reply;

  constructor(handle: (request: Omit<Received, 'status'>) => Reply) {
    this.handle = handle;
  }

  /** The next `count` requests get `fault` (after the real work when `afterHandling`). */
  failNext(count: number, fault: Fault): this {
    for (let index = 0; index < count; index++) this.faults.push(fault);
    return this;
  }

  /** Requests the real service accepted (answered with success and no problems). */
  get accepted(): Received[] {
    return this.received.filter((request) => request.status < 300 && request.problems.length === 0);
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void this.serve(request, response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const incoming = { path: request.url ?? '/', headers: request.headers, raw, body, problems: [] as string[] };
    const fault = this.faults.shift();
    let reply: Reply;
    let done: number;
    if (fault && !fault.afterHandling) {
      reply = fault;
      done = fault.status;
    } else {
      const handled = this.handle(incoming);
      // A lost answer: the service did the work (recorded with its status), the client gets the fault.
      reply = fault ?? handled;
      done = handled.status;
    }
    this.received.push({ ...incoming, status: done });
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(reply.body ?? '');
  }
}

function server(handle: (request: Omit<Received, 'status'>) => Reply): ChannelServer {
  return new ChannelServer(handle);
}

// ---------- PagerDuty Events API v2 ----------

export interface PagerDutyAlert {
  dedupKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  events: string[];
}

/** PagerDuty: checks every documented rule, keeps alerts by dedup_key, answers 202/400. */
export async function startPagerDuty(): Promise<ChannelServer & { alerts: Map<string, PagerDutyAlert> }> {
  const alerts = new Map<string, PagerDutyAlert>();
  const instance = server((request) => {
    const problems = request.problems;
    const event = request.body as Record<string, unknown> | undefined;
    if (request.path !== '/v2/enqueue') problems.push(`POST ${request.path}: not the enqueue endpoint`);
    if (!event || typeof event !== 'object') problems.push('body is not a JSON object');
    const get = (key: string) => (event as Record<string, unknown> | undefined)?.[key];
    if (typeof get('routing_key') !== 'string' || (get('routing_key') as string).length !== 32) {
      problems.push('routing_key must be 32 characters');
    }
    const action = get('event_action');
    if (!['trigger', 'acknowledge', 'resolve'].includes(String(action))) problems.push('event_action is invalid');
    const dedupKey = get('dedup_key');
    if (typeof dedupKey !== 'string' || dedupKey.length === 0 || dedupKey.length > 255) {
      problems.push('dedup_key must be 1..255 characters');
    }
    if (action === 'trigger') {
      const payload = get('payload') as Record<string, unknown> | undefined;
      if (!payload) problems.push('payload is required for trigger');
      else {
        if (typeof payload.summary !== 'string' || payload.summary.length === 0 || payload.summary.length > 1024) {
          problems.push('payload.summary must be 1..1024 characters');
        }
        if (typeof payload.source !== 'string' || payload.source.length === 0)
          problems.push('payload.source is required');
        if (!['critical', 'error', 'warning', 'info'].includes(String(payload.severity))) {
          problems.push('payload.severity must be critical, error, warning or info');
        }
      }
      const links = get('links');
      if (links !== undefined && (!Array.isArray(links) || links.some((link) => typeof link?.href !== 'string'))) {
        problems.push('links must be [{href, text}]');
      }
    }
    if (problems.length > 0) {
      return {
        status: 400,
        body: JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors: problems }),
      };
    }
    const key = dedupKey as string;
    const alert = alerts.get(key) ?? { dedupKey: key, status: 'triggered' as const, events: [] };
    alert.events.push(String(action));
    if (action === 'trigger' && alert.status !== 'resolved') alert.status = 'triggered';
    if (action === 'trigger' && alert.status === 'resolved') alert.status = 'triggered';
    if (action === 'acknowledge' && alert.status === 'triggered') alert.status = 'acknowledged';
    if (action === 'resolve') alert.status = 'resolved';
    alerts.set(key, alert);
    return { status: 202, body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: key }) };
  });
  return Object.assign(await instance.start(), { alerts });
}

// ---------- Slack incoming webhook ----------

/** Slack: `ok` for a message with text or blocks; `failNext` plays its named errors. */
export async function startSlack(): Promise<ChannelServer> {
  return server((request) => {
    const message = request.body as { text?: unknown; blocks?: unknown } | undefined;
    if (!message || (typeof message.text !== 'string' && !Array.isArray(message.blocks))) {
      request.problems.push('neither text nor blocks');
      return { status: 400, body: 'invalid_payload' };
    }
    if (Array.isArray(message.blocks)) {
      for (const block of message.blocks as Array<Record<string, unknown>>) {
        if (!['section', 'context', 'header', 'divider'].includes(String(block.type))) {
          request.problems.push(`unknown block type ${String(block.type)}`);
        }
        const text = (block.text as { text?: string } | undefined)?.text;
        if (text !== undefined && text.length > 3000) request.problems.push('a section text over 3000 characters');
      }
      if (request.problems.length > 0) return { status: 400, body: 'invalid_blocks' };
    }
    return { status: 200, body: 'ok' };
  }).start();
}

// ---------- Teams workflow webhook ----------

/** Teams: always 202 with an empty body, like the real one; a card the schema refuses is recorded as dropped. */
export async function startTeams(): Promise<ChannelServer> {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(adaptiveCardSchema);
  return server((request) => {
    const message = request.body as { type?: string; attachments?: Array<Record<string, unknown>> } | undefined;
    if (Buffer.byteLength(request.raw) > 28 * 1024) request.problems.push('over 28 KB');
    const card = message?.attachments?.[0];
    if (message?.type !== 'message' || card?.contentType !== 'application/vnd.microsoft.card.adaptive') {
      request.problems.push('not a message with an Adaptive Card attachment');
    } else {
      if (!validate(card.content)) {
        request.problems.push(...(validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`));
      }
      request.problems.push(...adaptiveCardsSdkProblems(card.content));
    }
    return { status: 202, body: '' };
  }).start();
}

/**
 * What Microsoft's Adaptive Cards SDK (the `adaptivecards` package, which Teams' clients render
 * with) reports for a card: unknown elements or actions, missing required properties, a version
 * it does not know.
 */
function adaptiveCardsSdkProblems(content: unknown): string[] {
  const card = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  card.parse(content as never, context);
  const problems: string[] = [];
  for (let index = 0; index < context.eventCount; index++) problems.push(`SDK: ${context.getEventAt(index).message}`);
  for (const event of card.validateProperties().validationEvents) problems.push(`SDK: ${event.message}`);
  return problems;
}

// ---------- generic receiver ----------

/** A receiver that checks `X-Shipshape-Signature-256` with `secret` and the event against its JSON Schema. */
export async function startWebhookReceiver(secret?: string): Promise<ChannelServer> {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'actions/incident/webhook-event.schema.json'), 'utf8'));
  // The published schema lets version 1 grow optional fields (receivers must ignore unknown ones);
  // this receiver is strict, so a field we send without documenting it fails the tests.
  for (const object of [schema, schema.properties.record, schema.properties.run]) object.additionalProperties = false;
  const validate = ajv.compile(schema);
  return server((request) => {
    if (secret) {
      const expected = `sha256=${createHmac('sha256', secret).update(request.raw).digest('hex')}`;
      const given = String(request.headers['x-shipshape-signature-256'] ?? '');
      if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
        request.problems.push('bad signature');
        return { status: 401, body: '{"error":"bad signature"}' };
      }
    }
    if (!validate(request.body)) {
      request.problems.push(...(validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`));
      return { status: 422, body: JSON.stringify({ errors: request.problems }) };
    }
    return { status: 204 };
  }).start();
}
