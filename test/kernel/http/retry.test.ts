// Retry decisions: what is retried (transport errors, 5xx, 429), what never is (an answer the
// check can judge, a rejected certificate), and how long to wait.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUS, type Exchange, type ResponseFacts } from '../../../src/kernel/http/exchange.ts';
import { decideRetry, parseRetryAfter, RETRY_AFTER_CAP_MS } from '../../../src/kernel/http/retry.ts';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const policy = { retries: 2, firstDelayMs: 1_000 };

const answer = (status: number, headers: Record<string, string> = {}): Exchange => ({
  kind: 'response',
  response: {
    status,
    headers,
    body: Buffer.alloc(0),
    bodyBytes: 0,
    truncated: false,
    latencyMs: 5,
    certificates: [],
  } satisfies ResponseFacts,
});
const failure = (reason: Extract<Exchange, { kind: 'failure' }>['reason']): Exchange => ({
  kind: 'failure',
  reason,
  message: reason,
});

describe('decideRetry', () => {
  it.each(['refused', 'timeout', 'dns', 'reset', 'other'] as const)(
    'retries a %s failure with doubling backoff',
    (reason) => {
      expect(decideRetry(failure(reason), 1, policy, DEFAULT_STATUS, NOW)).toEqual({ retry: true, delayMs: 1_000 });
      expect(decideRetry(failure(reason), 2, policy, DEFAULT_STATUS, NOW)).toEqual({ retry: true, delayMs: 2_000 });
      expect(decideRetry(failure(reason), 3, policy, DEFAULT_STATUS, NOW)).toEqual({ retry: false });
    },
  );

  it.each(['tls', 'redirect'] as const)('never retries a %s failure: it would be the same a second later', (reason) => {
    expect(decideRetry(failure(reason), 1, policy, DEFAULT_STATUS, NOW)).toEqual({ retry: false });
  });

  it.each([500, 502, 503, 504, 429])('retries a %i', (status) => {
    expect(decideRetry(answer(status), 1, policy, DEFAULT_STATUS, NOW)).toEqual({ retry: true, delayMs: 1_000 });
  });

  it.each([200, 204, 301, 400, 401, 404, 422])('never retries a %i: it is an answer to judge', (status) => {
    expect(decideRetry(answer(status), 1, policy, DEFAULT_STATUS, NOW)).toEqual({ retry: false });
  });

  it('never retries a 5xx or 429 that the check expects', () => {
    expect(decideRetry(answer(503), 1, policy, { codes: [503], classes: [] }, NOW)).toEqual({ retry: false });
    expect(decideRetry(answer(429), 1, policy, { codes: [], classes: [4] }, NOW)).toEqual({ retry: false });
  });

  it('with retries 0 makes exactly one attempt', () => {
    expect(decideRetry(answer(503), 1, { ...policy, retries: 0 }, DEFAULT_STATUS, NOW)).toEqual({ retry: false });
    expect(decideRetry(failure('refused'), 1, { ...policy, retries: 0 }, DEFAULT_STATUS, NOW)).toEqual({
      retry: false,
    });
  });

  it('waits for Retry-After instead of the backoff, capped', () => {
    expect(decideRetry(answer(429, { 'retry-after': '3' }), 1, policy, DEFAULT_STATUS, NOW)).toEqual({
      retry: true,
      delayMs: 3_000,
    });
    expect(decideRetry(answer(503, { 'retry-after': '0' }), 2, policy, DEFAULT_STATUS, NOW)).toEqual({
      retry: true,
      delayMs: 0,
    });
    expect(decideRetry(answer(503, { 'retry-after': '3600' }), 1, policy, DEFAULT_STATUS, NOW)).toEqual({
      retry: true,
      delayMs: RETRY_AFTER_CAP_MS,
    });
  });

  it('falls back to the backoff when Retry-After cannot be read', () => {
    expect(decideRetry(answer(429, { 'retry-after': 'soon' }), 2, policy, DEFAULT_STATUS, NOW)).toEqual({
      retry: true,
      delayMs: 2_000,
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 5 ', NOW)).toBe(5_000);
    expect(parseRetryAfter(new Date(NOW + 7_000).toUTCString(), NOW)).toBe(7_000);
  });

  it('treats a date in the past as "now", and anything else as absent', () => {
    expect(parseRetryAfter(new Date(NOW - 60_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('later', NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
  });
});
