// The wait for checks as a small state machine: poll at once, then every interval until the checks
// settle or the wait runs out; a definite failure ends it at once. Times are milliseconds since the start.
import type { CheckState } from './checks.ts';

export interface PollPolicy {
  waitMs: number;
  intervalMs: number;
}

export interface PollState {
  /** Start of each poll, oldest first. */
  pollsAtMs: number[];
  last?: CheckState;
}

export type PollStep = { kind: 'poll'; atMs: number } | { kind: 'decide'; timedOut: boolean };

export function startPolling(): PollState {
  return { pollsAtMs: [] };
}

export function recordPoll(state: PollState, atMs: number, result: CheckState): PollState {
  return { pollsAtMs: [...state.pollsAtMs, atMs], last: result };
}

/**
 * What to do `elapsedMs` after the start. Polls start at least `intervalMs` apart (a slow answer
 * does not make the next poll earlier), and none starts after the wait has run out.
 */
export function nextPollStep(state: PollState, policy: PollPolicy, elapsedMs: number): PollStep {
  const previous = state.pollsAtMs.at(-1);
  if (previous === undefined) return { kind: 'poll', atMs: 0 };
  if (state.last !== 'pending') return { kind: 'decide', timedOut: false };
  const atMs = Math.max(previous + policy.intervalMs, elapsedMs);
  if (atMs > policy.waitMs) return { kind: 'decide', timedOut: true };
  return { kind: 'poll', atMs };
}
