// The watch window as a state machine: rounds start every interval until the window closes;
// consecutive failed rounds trip it at the threshold, a passing round resets the count, and the
// window never closes on a failing streak that has not been decided.

export interface WatchPolicy {
  /** Length of the window; 0 = a single round. */
  windowMs: number;
  /** Time between round starts. */
  intervalMs: number;
  /** Consecutive failed rounds that trip the watch. */
  failureThreshold: number;
}

/**
 * `passed`: the last round passed and the watch never tripped. `tripped`: the threshold was
 * reached (without a watch: the single round failed). There is no third verdict: a watch whose
 * window closes on failed rounds goes on until they trip it or a round passes.
 */
export type Verdict = 'passed' | 'tripped';

export interface WatchState {
  /** One entry per round run, oldest first: true when every check passed. */
  rounds: boolean[];
  consecutiveFailures: number;
  tripped: boolean;
}

export type NextStep = { kind: 'round'; startAtMs: number } | { kind: 'end'; verdict: Verdict };

export function startWatch(): WatchState {
  return { rounds: [], consecutiveFailures: 0, tripped: false };
}

export function recordRound(state: WatchState, policy: WatchPolicy, passed: boolean): WatchState {
  const consecutiveFailures = passed ? 0 : state.consecutiveFailures + 1;
  const threshold = policy.windowMs === 0 ? 1 : policy.failureThreshold;
  return {
    rounds: [...state.rounds, passed],
    consecutiveFailures,
    tripped: state.tripped || consecutiveFailures >= threshold,
  };
}

/**
 * What to do `elapsedMs` after the watch started: run the next round (at its planned start, or
 * now when the previous round overran), or end with a verdict. After the window closes, rounds go
 * on (at the same interval) while the latest one failed: a hung service whose rounds overrun the
 * interval still trips. Each such round either trips the watch or passes, so there are fewer than
 * `failureThreshold` of them.
 */
export function nextStep(state: WatchState, policy: WatchPolicy, elapsedMs: number): NextStep {
  const count = state.rounds.length;
  if (state.tripped) return { kind: 'end', verdict: 'tripped' };
  if (count === 0) return { kind: 'round', startAtMs: 0 };
  const startAtMs = Math.max(count * policy.intervalMs, elapsedMs);
  const lastPassed = state.rounds[count - 1];
  if (lastPassed && (policy.windowMs === 0 || startAtMs >= policy.windowMs)) return { kind: 'end', verdict: 'passed' };
  return { kind: 'round', startAtMs };
}

/** Rounds a watch runs when none overruns and none fails at the end: at 0, interval, 2 x interval... before the window closes. */
export function plannedRounds(policy: WatchPolicy): number {
  return policy.windowMs === 0 ? 1 : Math.ceil(policy.windowMs / policy.intervalMs);
}

/** `✔✔✘✘✘`: the round history at a glance. */
export function historyLine(rounds: readonly boolean[]): string {
  return rounds.map((passed) => (passed ? '✔' : '✘')).join('');
}
