// What a person reads: the verdict in one line, the step's failure message, and the job summary
// (one table per run, the watch's round history, what was dispatched).
import { formatDuration } from '../../../src/kernel/durations.ts';
import { formatLatency } from '../../../src/kernel/http/exchange.ts';
import { details, heading, table } from '../../../src/kernel/report.ts';
import type { SmokeResult } from './main.ts';
import { historyLine, plannedRounds } from './watch.ts';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The verdict in one sentence. */
export function verdictLine(result: SmokeResult): string {
  const checks = result.lastRound.length;
  const failed = result.lastRound.filter((check) => !check.ok).length;
  const { watch } = result;
  if (watch.windowMs === 0) {
    return result.verdict === 'passed'
      ? `Smoke test passed: ${plural(checks, 'check')}.`
      : `Smoke test failed: ${failed} of ${plural(checks, 'check')} failed.`;
  }
  const rounds = result.rounds.length;
  if (result.verdict === 'passed') {
    return `Watch passed: ${plural(rounds, 'round')} over ${formatDuration(watch.windowMs)}, and the last one passed.`;
  }
  if (result.verdict === 'tripped') {
    return `Watch tripped: ${result.consecutiveFailures} failed rounds in a row (threshold ${watch.failureThreshold}), at round ${rounds} of ${plannedRounds(watch)}.`;
  }
  return `Watch ended failing: the last ${plural(result.consecutiveFailures, 'round')} failed, fewer than the threshold of ${watch.failureThreshold} that trips it.`;
}

export function rollbackLine(result: SmokeResult): string | undefined {
  const rollback = result.rollback;
  if (!rollback) return undefined;
  if (!rollback.dispatched)
    return `Rollback: dispatching ${rollback.workflow} failed: ${rollback.error ?? 'unknown error'}`;
  const inputs = Object.entries(rollback.inputs).map(([name, value]) => `${name}=${value}`);
  return `Rollback: dispatched ${rollback.workflow} on ${rollback.ref}${inputs.length > 0 ? ` with ${inputs.join(', ')}` : ''}.`;
}

/** The step's failure message, or undefined when the step passes. Each failure reads `check: what broke`. */
export function failureMessage(result: SmokeResult): string | undefined {
  if (result.verdict === 'passed') return undefined;
  const failures = result.lastRound.flatMap((check) => check.failures.map((failure) => `${check.name}: ${failure}`));
  return [verdictLine(result), ...failures, rollbackLine(result)].filter((line) => line !== undefined).join('\n');
}

const VERDICT_MARK = { passed: '✔ passed', failed: '✘ failed', tripped: '✘ tripped' } as const;

export function renderSummary(result: SmokeResult): string {
  const { watch } = result;
  const mark = watch.windowMs === 0 && result.verdict === 'tripped' ? '✘ failed' : VERDICT_MARK[result.verdict];
  const parts = [heading(`Smoke test: ${mark}`), verdictLine(result)];
  if (watch.windowMs > 0) {
    parts.push(
      `Rounds: \`${historyLine(result.rounds.map((round) => round.passed))}\` (a round every ${formatDuration(watch.intervalMs)} for ${formatDuration(watch.windowMs)}; ${watch.failureThreshold} failed in a row trip it)`,
    );
  }
  const lastLabel = result.rounds.length > 1 ? `Round ${result.rounds.length} (the last)` : 'Checks';
  parts.push(
    `${lastLabel}:\n\n${table(
      ['check', 'verdict', 'status', 'latency / p95', 'failures'],
      result.lastRound.map((check) => [
        check.name,
        check.ok ? '✔ pass' : '✘ fail',
        check.status ?? '—',
        check.latencyMs === null
          ? '—'
          : `${formatLatency(check.latencyMs)} / ${formatLatency(check.p95Ms ?? check.latencyMs)}`,
        check.failures.join('\n'),
      ]),
    )}`,
  );
  const rollback = rollbackLine(result);
  if (rollback) parts.push(`**${rollback.replace(/^Rollback:/, 'Rollback:**')}`);
  else if (result.verdict === 'tripped') parts.push('No rollback-workflow is set: nothing was dispatched.');
  const failedRounds = result.rounds
    .map((round, index) => ({ ...round, number: index + 1 }))
    .filter((round) => !round.passed);
  if (watch.windowMs > 0 && failedRounds.length > 0) {
    parts.push(
      details(
        `Failed rounds (${failedRounds.length})`,
        failedRounds
          .map(
            (round) =>
              `- round ${round.number} at +${formatDuration(round.startedAtMs)}: ${round.failedChecks.join(', ')}`,
          )
          .join('\n'),
      ),
    );
  }
  return `${parts.join('\n\n')}\n`;
}
