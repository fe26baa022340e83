// A resolved check, as the rounds send it and the judgement reads it: URL absolute, variables
// expanded, defaults applied, expectations parsed; and the bounds on the durations a check may set.
import type { StatusExpectation } from '../../../src/kernel/http/exchange.ts';
import type { JsonExpectation } from '../../../src/kernel/http/json-path.ts';
import type { UsedVariable } from './variables.ts';

export interface LatencyExpectation {
  /** `latency: 100ms`: every sample. */
  everyMs?: number;
  p95Ms?: number;
  maxMs?: number;
}

export interface Expectations {
  status: StatusExpectation;
  latency?: LatencyExpectation;
  json: JsonExpectation[];
  bodyContains: string[];
  headers: Record<string, string>;
  tlsDays?: number;
}

export interface CheckSpec {
  name: string;
  /** Absolute http(s) URL, variables expanded. */
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Lower-case names of the headers whose value came from a `${VAR}`: never sent to another origin. */
  secretHeaders: string[];
  body?: string;
  timeoutMs: number;
  samples: number;
  followRedirects: boolean;
  expect: Expectations;
  /** Variables expanded into the headers and the body that were sent: their values are secrets. */
  usedVariables: UsedVariable[];
}

/**
 * The longest time one attempt may take (input `timeout` and a check's `timeout`): a smoke check
 * that needs longer is not a smoke check, and every bound here stays far below Node's timer limit.
 */
export const MAX_ATTEMPT_TIMEOUT_MS = 5 * 60_000;
/** The longest `retry-delay`: it doubles per retry, and 10 retries from 1m already wait 17 hours. */
export const MAX_RETRY_DELAY_MS = 60_000;
/**
 * The longest `watch` and `interval`: as long as a job may run (self-hosted runners stop a job after
 * 5 days). Every bound here is far below Node's timer limit (2^31 ms, about 24.8 days).
 */
export const MAX_WATCH_MS = 5 * 86_400_000;
