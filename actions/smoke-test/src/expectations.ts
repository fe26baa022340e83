// Judges a check's samples against its expectations (status, latency, JSON, body, headers, TLS):
// a pure function of the responses and the clock, with failures worded like the check and no secret in them.
import {
  type CertificateFacts,
  describeStatus,
  type Exchange,
  formatLatency,
  type ResponseFacts,
  statusMatches,
} from '../../../src/kernel/http/exchange.ts';
import {
  evaluateJsonExpectation,
  type JsonExpectation,
  QUOTED_VALUE_CHARS,
} from '../../../src/kernel/http/json-path.ts';
import { redact } from '../../../src/kernel/secrets.ts';
import { clip } from '../../../src/kernel/text.ts';
import type { Expectations, LatencyExpectation } from './spec.ts';

/** One sample: the outcome of its last attempt, and how many attempts it took. */
export interface Sample {
  exchange: Exchange;
  attempts: number;
}

const DAY_MS = 86_400_000;

/** Nearest-rank percentile: with 5 samples p95 is the slowest, with 20 it is the 19th. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(Math.ceil((p / 100) * sorted.length) - 1, 0)];
}

export interface CheckJudgement {
  ok: boolean;
  failures: string[];
  /** Status of the last sample that got a response. */
  status: number | null;
  /** Median of the samples that got a response. */
  latencyMs: number | null;
  p95Ms: number | null;
  attempts: number;
}

export interface JudgingContext {
  /** Epoch milliseconds, for certificate expiry. */
  nowMs: number;
  /**
   * Values that must never be shown. Expectations judge the real response; text quoted from it
   * into a failure is redacted (raw and JSON-escaped forms) before it is clipped.
   */
  secrets: readonly string[];
}

/**
 * What went wrong with one sample (empty when it passed): why no answer came, or the expectations its
 * answer broke. Latency limits over several samples are judged with the check.
 */
export function judgeSample(expect: Expectations, sample: Sample, { nowMs, secrets }: JudgingContext): string[] {
  const { exchange, attempts } = sample;
  const tries = ` (${plural(attempts, 'attempt')})`;
  // Transport messages can quote a Location header: nothing leaves here unredacted.
  if (exchange.kind === 'failure') return [`${redact(exchange.message, secrets)}${tries}`];
  const failures = evaluateResponse(expect, exchange.response, nowMs, secrets).map((failure) =>
    redact(failure, secrets),
  );
  // A wrong status after retries says how often it was asked; an answer that was judged was not retried.
  const retried = attempts > 1 && !statusMatches(expect.status, exchange.response.status);
  return retried ? failures.map((failure) => `${failure}${tries}`) : failures;
}

/** A sample and what `judgeSample` found wrong with it. */
export interface JudgedSample extends Sample {
  failures: string[];
}

/**
 * Judges a check from the samples taken in a round. Sampling stops at the first failed sample,
 * so its failures are the check's (with `sample k of n` when earlier samples passed); latency limits
 * are judged over every sample that answered.
 */
export function judgeCheck(
  expect: Expectations,
  samples: readonly JudgedSample[],
  plannedSamples: number,
): CheckJudgement {
  const failures: string[] = [];
  const latencies: number[] = [];
  let status: number | null = null;
  samples.forEach((sample, index) => {
    if (sample.exchange.kind === 'response') {
      status = sample.exchange.response.status;
      latencies.push(sample.exchange.response.latencyMs);
    }
    const which = index > 0 ? `sample ${index + 1} of ${plannedSamples}: ` : '';
    failures.push(...sample.failures.map((failure) => `${which}${failure}`));
  });
  failures.push(...evaluateLatency(expect.latency, latencies));
  const median = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  return {
    ok: failures.length === 0,
    failures,
    status,
    latencyMs: median === undefined ? null : Math.round(median),
    p95Ms: p95 === undefined ? null : Math.round(p95),
    attempts: samples.reduce((total, sample) => total + sample.attempts, 0),
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function evaluateResponse(
  expect: Expectations,
  response: ResponseFacts,
  nowMs: number,
  secrets: readonly string[],
): string[] {
  if (!statusMatches(expect.status, response.status)) {
    // An error page would fail every body expectation too; the status alone says what broke.
    return [`status ${response.status}, expected ${describeStatus(expect.status)}`];
  }
  const failures: string[] = [];
  for (const [name, wanted] of Object.entries(expect.headers)) {
    const key = name.toLowerCase();
    // Own keys only: `constructor` must be a missing header, not Object.prototype's function.
    const actual = Object.hasOwn(response.headers, key) ? response.headers[key] : undefined;
    if (actual === undefined) failures.push(`header ${name} is missing, expected it to contain "${wanted}"`);
    else if (!actual.includes(wanted))
      failures.push(`header ${name} was "${quote(actual, secrets)}", expected it to contain "${wanted}"`);
  }
  const text = expect.bodyContains.length > 0 || expect.json.length > 0 ? response.body.toString('utf8') : '';
  for (const wanted of expect.bodyContains) {
    if (!text.includes(wanted)) {
      failures.push(`body does not contain "${wanted}"${response.truncated ? ' in its first 1 MiB' : ''}`);
    }
  }
  if (expect.json.length > 0) failures.push(...evaluateJson(expect.json, text, response, secrets));
  if (expect.tlsDays !== undefined)
    failures.push(...evaluateCertificates(expect.tlsDays, response.certificates, nowMs));
  return failures;
}

function evaluateJson(
  expectations: readonly JsonExpectation[],
  text: string,
  response: ResponseFacts,
  secrets: readonly string[],
): string[] {
  if (response.truncated) {
    return [`body is ${response.bodyBytes} bytes, over the 1 MiB read for JSON expectations`];
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return [`body is not JSON (${quote(jsonSyntaxError(redact(text, secrets)), secrets)})`];
  }
  return expectations.flatMap((expectation) => evaluateJsonExpectation(expectation, document, secrets) ?? []);
}

/**
 * The parser's complaint about a body it could not read. It quotes a cut-out of the body, so it is
 * asked about the redacted body: a cut-out of the real one could end in the middle of a secret.
 */
function jsonSyntaxError(redactedText: string): string {
  try {
    JSON.parse(redactedText);
  } catch (error) {
    return (error as Error).message;
  }
  return 'it does not parse';
}

function evaluateCertificates(minimumDays: number, certificates: readonly CertificateFacts[], nowMs: number): string[] {
  if (certificates.length === 0) return ['no TLS certificate was presented, expected tls-days'];
  const failures: string[] = [];
  for (const certificate of certificates) {
    const daysLeft = Math.floor((certificate.validTo.getTime() - nowMs) / DAY_MS);
    if (daysLeft < minimumDays) {
      const when = certificate.validTo.toISOString().slice(0, 10);
      const left = daysLeft < 0 ? `expired ${-daysLeft} days ago` : `expires in ${daysLeft} days`;
      failures.push(`TLS certificate ${certificate.subject} ${left} (${when}), expected at least ${minimumDays} days`);
    }
  }
  return failures;
}

function evaluateLatency(expectation: LatencyExpectation | undefined, latencies: readonly number[]): string[] {
  if (!expectation || latencies.length === 0) return [];
  const failures: string[] = [];
  const slowest = Math.max(...latencies);
  if (expectation.everyMs !== undefined && slowest > expectation.everyMs) {
    const which = latencies.length > 1 ? ` (slowest of ${latencies.length} samples)` : '';
    failures.push(`latency ${formatLatency(slowest)}${which}, expected <= ${formatLatency(expectation.everyMs)}`);
  }
  const p95 = percentile(latencies, 95) ?? 0;
  if (expectation.p95Ms !== undefined && p95 > expectation.p95Ms) {
    failures.push(`p95 latency ${formatLatency(p95)}, expected <= ${formatLatency(expectation.p95Ms)}`);
  }
  if (expectation.maxMs !== undefined && slowest > expectation.maxMs) {
    failures.push(`max latency ${formatLatency(slowest)}, expected <= ${formatLatency(expectation.maxMs)}`);
  }
  return failures;
}

/** Text from a response as a failure quotes it: secrets redacted first, then one line, clipped. */
function quote(text: string, secrets: readonly string[]): string {
  return clip(redact(text, secrets).replace(/\s+/g, ' '), QUOTED_VALUE_CHARS);
}
