// When an attempt is worth repeating and how long to wait first: transport errors, 5xx and 429
// are retried with doubling backoff (or the server's Retry-After, capped); a wrong answer never is.
import { type Exchange, type StatusExpectation, statusMatches } from './exchange.ts';

export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  /** Wait before the first retry; doubles for each one after. */
  firstDelayMs: number;
}

/** A Retry-After longer than this is cut short: a smoke test must answer within its round. */
export const RETRY_AFTER_CAP_MS = 30_000;

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

/**
 * Decides after attempt number `attempt` (1-based). A status the check expects is an answer, not a
 * fault, so a check that expects 503 is never retried on 503.
 */
export function decideRetry(
  exchange: Exchange,
  attempt: number,
  policy: RetryPolicy,
  expectedStatus: StatusExpectation,
  nowMs: number,
): RetryDecision {
  if (attempt > policy.retries) return { retry: false };
  const backoffMs = policy.firstDelayMs * 2 ** (attempt - 1);
  if (exchange.kind === 'failure') {
    // A rejected certificate or a redirect loop will be the same a second later.
    if (exchange.reason === 'tls' || exchange.reason === 'redirect') return { retry: false };
    return { retry: true, delayMs: backoffMs };
  }
  const { status, headers } = exchange.response;
  const transient = status >= 500 || status === 429;
  if (!transient || statusMatches(expectedStatus, status)) return { retry: false };
  const retryAfterMs = parseRetryAfter(headers['retry-after'], nowMs);
  return { retry: true, delayMs: retryAfterMs === undefined ? backoffMs : Math.min(retryAfterMs, RETRY_AFTER_CAP_MS) };
}

/** `Retry-After` as seconds (`120`) or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day and month (`Wed, 21 Oct 2026 07:28:00 GMT`); Date.parse would also take "-5".
  const date = /[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(date - nowMs, 0);
}
