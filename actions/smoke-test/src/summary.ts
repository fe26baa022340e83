// What a person reads: the verdict in one line (the same words in the log, the step's failure, the
// summary and the JUnit report), the step's failure message, and the job summary (one table per run,
// the watch's round history, what was dispatched), with every user and service text escaped.
import { formatDuration } from '../../../src/kernel/durations.ts';
import { formatLatency } from '../../../src/kernel/http/exchange.ts';
import { details, heading, table } from '../../../src/kernel/report.ts';
import { escapeHtml } from '../../../src/kernel/text.ts';
import type { SmokeResult } from './result.ts';
import { plannedRounds, historyLine as roundsLine } from './watch.ts';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The verdict in one sentence, starting with the verdict's own word. */
export function verdictLine(result: SmokeResult): string {
  const checks = result.lastRound.length;
  const failed = result.lastRound.filter((check) => !check.ok).length;
  const { watch } = result;
  const rounds = result.rounds.length;
  if (watch.windowMs === 0) {
    return result.verdict === 'passed'
      ? `Smoke test passed: ${plural(checks, 'check')}.`
      : `Smoke test tripped: ${failed} of ${plural(checks, 'check')} failed (without a watch, one failed round trips).`;
  }
  if (result.verdict === 'passed') {
    return `Watch passed: ${plural(rounds, 'round')} over ${formatDuration(watch.windowMs)}, and the last one passed.`;
  }
  const planned = plannedRounds(watch);
  const where =
    rounds > planned ? `at round ${rounds}, after the ${planned} planned` : `at round ${rounds} of ${planned}`;
  return `Watch tripped: ${plural(result.consecutiveFailures, 'failed round')} in a row (threshold ${watch.failureThreshold}), ${where}.`;
}

function rollbackLine(result: SmokeResult): string | undefined {
  const rollback = result.rollback;
  if (!rollback) return undefined;
  if (!rollback.dispatched)
    return `Rollback: dispatching ${rollback.workflow} failed: ${rollback.error ?? 'unknown error'}`;
  const inputs = Object.entries(rollback.inputs).map(([name, value]) => `${name}=${value}`);
  const run = rollback.runUrl ? ` Run: ${rollback.runUrl}` : '';
  return `Rollback: dispatched ${rollback.workflow} on ${rollback.ref}${inputs.length > 0 ? ` with ${inputs.join(', ')}` : ''}.${run}`;
}

/** The step's failure message, or undefined when the step passes. Each failure reads `check: what broke`. */
/** Where the results went, or why they did not: the same words in the warning and the summary. */
export function historyLine(result: SmokeResult): string | undefined {
  const history = result.history;
  if (!history) return undefined;
  if (history.error !== undefined) {
    return `History: could not append ${plural(history.samples.length, 'result')} to branch ${history.branch} (the verdict stands): ${history.error}`;
  }
  const paths = (history.files ?? []).map((file) => file.path);
  return `History: ${plural(history.samples.length, 'result')} appended to ${paths.join(' and ')} on branch ${history.branch}.`;
}

export function failureMessage(result: SmokeResult): string | undefined {
  if (result.verdict === 'passed') return undefined;
  const failures = result.lastRound.flatMap((check) => check.failures.map((failure) => `${check.name}: ${failure}`));
  return [verdictLine(result), ...failures, rollbackLine(result)].filter((line) => line !== undefined).join('\n');
}

const VERDICT_MARK = { passed: '✔ passed', tripped: '✘ tripped' } as const;

/** Only `https` links to GitHub's own pages are linked; anything else is shown as text. */
function runLink(url: string): string {
  return /^https:\/\/[^\s()<>]+$/.test(url) ? `[the rollback run](${url})` : escapeHtml(url);
}

export function renderSummary(result: SmokeResult): string {
  const { watch } = result;
  const parts = [heading(`Smoke test: ${VERDICT_MARK[result.verdict]}`), escapeHtml(verdictLine(result))];
  if (watch.windowMs > 0) {
    parts.push(
      `Rounds: \`${roundsLine(result.rounds.map((round) => round.passed))}\` (a round every ${formatDuration(watch.intervalMs)} for ${formatDuration(watch.windowMs)}; ${watch.failureThreshold === 1 ? 'one failed round trips it' : `${watch.failureThreshold} failed in a row trip it`})`,
    );
  }
  const lastLabel = result.rounds.length > 1 ? `Round ${result.rounds.length} (the last)` : 'Checks';
  // Names are the user's and failures quote the service: shown as text, never rendered as HTML.
  parts.push(
    `${lastLabel}:\n\n${table(
      ['check', 'verdict', 'status', 'latency / p95', 'failures'],
      result.lastRound.map((check) => [
        escapeHtml(check.name),
        check.ok ? '✔ pass' : '✘ fail',
        check.status ?? '—',
        check.latencyMs === null
          ? '—'
          : `${formatLatency(check.latencyMs)} / ${formatLatency(check.p95Ms ?? check.latencyMs)}`,
        escapeHtml(check.failures.join('\n')),
      ]),
    )}`,
  );
  const rollback = result.rollback;
  if (rollback) {
    const line = rollbackLine({ ...result, rollback: { ...rollback, runUrl: undefined } }) ?? '';
    const run = rollback.runUrl ? ` See ${runLink(rollback.runUrl)}.` : '';
    parts.push(`**Rollback:**${escapeHtml(line.replace(/^Rollback:/, ''))}${run}`);
  } else if (result.verdict === 'tripped') parts.push('No rollback-workflow is set: nothing was dispatched.');
  const history = historyLine(result);
  if (history) parts.push(escapeHtml(history));
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
              `- round ${round.number} at +${formatDuration(round.startedAtMs)}: ${escapeHtml(round.failedChecks.join(', '))}`,
          )
          .join('\n'),
      ),
    );
  }
  return `${parts.join('\n\n')}\n`;
}
