// One request with the shared retry rule applied: the probe is repeated on transport errors, 5xx and 429
// (after the backoff or the server's Retry-After) until it answers or the retries are used up.
import type { Exchange, StatusExpectation } from './exchange.ts';
import type { Probe, ProbeRequest } from './probe.ts';
import { decideRetry, type RetryPolicy } from './retry.ts';

export interface RetryingProbeDeps {
  probe: Probe;
  /** Wall-clock milliseconds (Retry-After dates are compared with it). */
  nowMs: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface ProbeOutcome {
  exchange: Exchange;
  /** Attempts made, 1 when the first answered. */
  attempts: number;
}

/** Probes until `decideRetry` says the answer stands; a status in `expectedStatus` is never retried. */
export async function probeWithRetries(
  request: ProbeRequest,
  policy: RetryPolicy,
  expectedStatus: StatusExpectation,
  deps: RetryingProbeDeps,
): Promise<ProbeOutcome> {
  for (let attempt = 1; ; attempt++) {
    const exchange = await deps.probe(request);
    const decision = decideRetry(exchange, attempt, policy, expectedStatus, deps.nowMs());
    if (!decision.retry) return { exchange, attempts: attempt };
    await deps.sleep(decision.delayMs);
  }
}
