// What one HTTP exchange yields (a response's facts, or why none came) and the status expectation every
// HTTP check shares: the vocabulary of the probe used by smoke-test and by the deploy gate's integrity check.
import type { Parsed } from './json-path.ts';

/** What the probe learned from one response (after redirects). */
export interface ResponseFacts {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** At most the body limit; `truncated` says whether more was drained and dropped. */
  body: Buffer;
  bodyBytes: number;
  truncated: boolean;
  /** From the start of the request to the last byte of the final response. */
  latencyMs: number;
  /** Every distinct certificate of every https hop's chain; empty over plain http. */
  certificates: CertificateFacts[];
}

export interface CertificateFacts {
  subject: string;
  validTo: Date;
}

export type TransportFailureReason = 'refused' | 'timeout' | 'dns' | 'reset' | 'tls' | 'redirect' | 'other';

/** One attempt's outcome: a response, or why no response came. */
export type Exchange =
  | { kind: 'response'; response: ResponseFacts }
  | { kind: 'failure'; reason: TransportFailureReason; message: string };

export interface StatusExpectation {
  codes: number[];
  /** 2 for `2xx`. */
  classes: number[];
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

export const DEFAULT_STATUS: StatusExpectation = { codes: [], classes: [2] };

/** `200`, `[200, 204]`, `"2xx"` or a list mixing both. */
export function parseStatusExpectation(value: unknown): Parsed<StatusExpectation> {
  const items = Array.isArray(value) ? value : [value];
  const expectation: StatusExpectation = { codes: [], classes: [] };
  for (const item of items) {
    const text = String(item);
    if (/^[1-5]\d\d$/.test(text)) expectation.codes.push(Number(text));
    else if (/^[1-5]xx$/i.test(text)) expectation.classes.push(Number(text[0]));
    else {
      return {
        ok: false,
        error: `expected a status code (200), a class ("2xx") or a list of them, got ${JSON.stringify(item)}`,
      };
    }
  }
  if (items.length === 0) return { ok: false, error: 'expected at least one status' };
  return { ok: true, value: expectation };
}

export function statusMatches(expectation: StatusExpectation, status: number): boolean {
  return expectation.codes.includes(status) || expectation.classes.includes(Math.floor(status / 100));
}

/** `2xx`, `200`, `200 or 204`, `200, 204 or 3xx`. */
export function describeStatus(expectation: StatusExpectation): string {
  const words = [...expectation.codes.map(String), ...expectation.classes.map((digit) => `${digit}xx`)];
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** `180ms`, `1.25s`: latencies keep their precision (formatDuration rounds to whole seconds). */
export function formatLatency(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${Number((ms / 1000).toFixed(2))}s`;
}
