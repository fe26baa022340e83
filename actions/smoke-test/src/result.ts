// What a smoke test yields: the verdict, every round, the checks of the last round and the
// rollback, in the shape the outputs, the summary, the log and the JUnit report are written from.
import type { AppendedFile, RoundSample } from '../../../src/kernel/status-history.ts';
import type { CheckJudgement } from './expectations.ts';
import type { Verdict, WatchPolicy } from './watch.ts';

/** One check of one round, in the shape of the `results` output. */
export interface CheckResult extends CheckJudgement {
  name: string;
}

export interface RoundReport {
  /** Milliseconds after the watch started. */
  startedAtMs: number;
  passed: boolean;
  failedChecks: string[];
}

export interface RollbackReport {
  workflow: string;
  ref?: string;
  inputs: Record<string, string>;
  dispatched: boolean;
  /** The rollback run's page, when GitHub named the run (or it was found after a lost answer). */
  runUrl?: string;
  error?: string;
}

/** What became of the `history` write: the files appended to, or why it failed (a warning, never the verdict). */
export interface HistoryReport {
  branch: string;
  /** Every check of every round, as appended. */
  samples: RoundSample[];
  files?: AppendedFile[];
  error?: string;
}

export interface SmokeResult {
  /** Epoch milliseconds when the watch (or the single round) started; rounds' `startedAtMs` count from it. */
  startedAt: number;
  verdict: Verdict;
  watch: WatchPolicy;
  rounds: RoundReport[];
  /** Every check of the last round, in the order they were written. */
  lastRound: CheckResult[];
  /** Failed rounds in a row at the end. */
  consecutiveFailures: number;
  rollback?: RollbackReport;
  history?: HistoryReport;
}
