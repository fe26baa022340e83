// Sends an event to every configured channel at once and says, per channel, `ok` or what went
// wrong. PagerDuty and the generic webhook deduplicate (by dedup_key, by X-Shipshape-Delivery), so
// they are retried after 429, 5xx and transport errors; Slack and Teams do not, so only a 429 (not
// processed) is retried there: a lost answer is reported instead of risking a second message.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Clock } from '../../../../src/kernel/clock.ts';
import { redact } from '../../../../src/kernel/secrets.ts';
import { clip, oneLine } from '../../../../src/kernel/text.ts';
import { pagerDutyEvent, slackMessage, teamsCardProblems, teamsMessage, webhookSignature } from './channels.ts';
import type { ChannelName, IncidentEvent } from './events.ts';

export interface ChannelSettings {
  pagerduty?: { routingKey: string; url: string };
  slack?: { url: string };
  teams?: { url: string };
  webhook?: { url: string; secret?: string };
}

/** `ok`, or the failure in words (channel's answer, never a URL or key). */
export type Delivery = Partial<Record<ChannelName, string>>;

export const ATTEMPTS = 3;
const ATTEMPT_TIMEOUT_MS = 10_000;
/** A Retry-After longer than this is not waited for: the step reports the channel as failed. */
const MAX_RETRY_AFTER_MS = 60_000;

interface Outgoing {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Retry 5xx and transport errors too (the receiver deduplicates). */
  idempotent: boolean;
  ok: (status: number, text: string) => boolean;
  describe: (status: number, text: string) => string;
}

export interface DeliverDeps {
  clock: Pick<Clock, 'sleep'>;
  log: { info(message: string): void; warning(message: string): void };
}

interface Answer {
  status: number;
  text: string;
  retryAfter: string | null;
}

/** Answers kept for messages; the rest of a long body is drained. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * One POST with node:http(s), which the runtime has loaded already (the first `fetch` of a process
 * costs hundreds of milliseconds of start-up). No redirects are followed; the whole exchange has a deadline.
 */
function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      target,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
        });
        response.on('end', () => {
          clearTimeout(deadline);
          const retryAfter = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
          });
        });
        response.on('error', reject);
      },
    );
    const deadline = setTimeout(
      () => request.destroy(Object.assign(new Error('timed out'), { code: 'timed out' })),
      timeoutMs,
    );
    request.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    request.end(body);
  });
}

export function configuredChannels(settings: ChannelSettings): ChannelName[] {
  return (['pagerduty', 'slack', 'teams', 'webhook'] as const).filter((name) => settings[name] !== undefined);
}

function secretsOf(settings: ChannelSettings): string[] {
  return [
    settings.pagerduty?.routingKey,
    settings.slack?.url,
    settings.teams?.url,
    settings.webhook?.url,
    settings.webhook?.secret,
  ].filter((value): value is string => Boolean(value));
}

function answerText(text: string): string {
  return clip(oneLine(text.trim()), 200);
}

function outgoing(channel: ChannelName, event: IncidentEvent, settings: ChannelSettings): Outgoing {
  const json = { 'content-type': 'application/json' };
  switch (channel) {
    case 'pagerduty': {
      const pd = settings.pagerduty as NonNullable<ChannelSettings['pagerduty']>;
      return {
        url: `${pd.url.replace(/\/+$/, '')}/v2/enqueue`,
        body: JSON.stringify(pagerDutyEvent(event, pd.routingKey)),
        headers: json,
        idempotent: true,
        ok: (status) => status === 202,
        describe: (status, text) => {
          let detail = answerText(text);
          try {
            const parsed = JSON.parse(text) as { message?: string; errors?: string[] };
            detail = [parsed.message, ...(parsed.errors ?? [])].filter(Boolean).join('; ') || detail;
          } catch {
            // not JSON: keep the text
          }
          return `${status}${detail ? ` ${answerText(detail)}` : ''}`;
        },
      };
    }
    case 'slack':
      return {
        url: (settings.slack as { url: string }).url,
        body: JSON.stringify(slackMessage(event)),
        headers: json,
        idempotent: false,
        ok: (status, text) => status === 200 && text.trim() === 'ok',
        // Slack names its errors in the body: invalid_payload, channel_not_found, channel_is_archived…
        describe: (status, text) => `${status}${text.trim() ? ` ${answerText(text)}` : ''}`,
      };
    case 'teams': {
      return {
        url: (settings.teams as { url: string }).url,
        body: JSON.stringify(teamsMessage(event)),
        headers: json,
        idempotent: false,
        ok: (status) => status >= 200 && status < 300,
        describe: (status, text) => `${status}${text.trim() ? ` ${answerText(text)}` : ''}`,
      };
    }
    case 'webhook': {
      const hook = settings.webhook as NonNullable<ChannelSettings['webhook']>;
      const body = JSON.stringify(event);
      return {
        url: hook.url,
        body,
        headers: {
          ...json,
          'user-agent': 'shipshape-incident',
          'x-shipshape-event': event.event,
          'x-shipshape-delivery': event.id,
          ...(hook.secret ? { 'x-shipshape-signature-256': webhookSignature(body, hook.secret) } : {}),
        },
        idempotent: true,
        ok: (status) => status >= 200 && status < 300,
        describe: (status, text) => `${status}${text.trim() ? ` ${answerText(text)}` : ''}`,
      };
    }
  }
}

function retryAfterMs(header: string | null, attempt: number, now: number): number {
  const fallback = 1000 * 2 ** (attempt - 1);
  if (!header) return fallback;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? fallback : Math.max(0, date - now);
}

async function send(
  channel: ChannelName,
  request: Outgoing,
  deps: DeliverDeps,
  secrets: readonly string[],
): Promise<string> {
  let last = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let wait: number;
    try {
      const answer = await post(request.url, request.body, request.headers, ATTEMPT_TIMEOUT_MS);
      if (request.ok(answer.status, answer.text)) return 'ok';
      last = request.describe(answer.status, answer.text);
      const retryable = answer.status === 429 || (request.idempotent && answer.status >= 500);
      if (!retryable) return last;
      wait = retryAfterMs(answer.retryAfter, attempt, Date.now());
    } catch (error) {
      const code = (error as { code?: string }).code;
      last = `no answer (${code ?? (error as Error).message})`;
      if (!request.idempotent) return last;
      wait = 1000 * 2 ** (attempt - 1);
    }
    if (attempt === ATTEMPTS) break;
    if (wait > MAX_RETRY_AFTER_MS)
      return `${last}; asked to wait ${Math.round(wait / 1000)} s, more than ${MAX_RETRY_AFTER_MS / 1000} s`;
    deps.log.info(redact(`${channel}: ${last}; trying again in ${Math.round(wait / 100) / 10} s.`, secrets));
    await deps.clock.sleep(wait);
  }
  return `${last} (after ${ATTEMPTS} attempts)`;
}

/**
 * Sends `event` to `channels` concurrently. A Teams card that breaks the card rules is not sent
 * (Teams would answer 202 and drop it). Answers are redacted of every channel secret.
 */
export async function deliver(
  event: IncidentEvent,
  channels: readonly ChannelName[],
  settings: ChannelSettings,
  deps: DeliverDeps,
): Promise<Delivery> {
  const secrets = secretsOf(settings);
  const results = await Promise.all(
    channels.map(async (channel): Promise<[ChannelName, string]> => {
      const request = outgoing(channel, event, settings);
      if (channel === 'teams') {
        const problems = teamsCardProblems(JSON.parse(request.body) as Record<string, unknown>);
        if (problems.length > 0) return [channel, `card not sent: ${problems.join('; ')}`];
      }
      const result = await send(channel, request, deps, secrets);
      return [channel, redact(result, secrets)];
    }),
  );
  return Object.fromEntries(results);
}
