// The decision as a user sees it: outputs, the `report` JSON, and the job summary (the deploy's audit record).
import { formatDuration } from '../../../src/kernel/durations.ts';
import { cell, heading } from '../../../src/kernel/report.ts';
import { mdText } from './markdown.ts';
import type { Decision, GateOutcome } from './result.ts';

const ICON: Record<GateOutcome, string> = { pass: '✅', warn: '⚠️', fail: '❌', pending: '⏳' };

export function reportJson(decision: Decision): string {
  return JSON.stringify({
    sha: decision.sha,
    environment: decision.environment,
    mode: decision.mode,
    allowed: decision.allowed,
    gates: decision.gates.map((result) => ({ name: result.name, ok: result.ok, detail: result.detail })),
  });
}

export function outputsFor(decision: Decision): Record<string, string | undefined> {
  return {
    allowed: String(decision.allowed),
    'blocked-by': decision.blockedBy.join(','),
    report: reportJson(decision),
    sha: decision.sha,
    'previous-sha': decision.previousSha,
    changed: decision.changed === undefined ? undefined : String(decision.changed),
  };
}

export function summaryFor(decision: Decision): string {
  const verdict = decision.allowed
    ? `✅ ${decision.mode === 'rollback' ? 'Rollback' : 'Deploy'} allowed`
    : `❌ ${decision.mode === 'rollback' ? 'Rollback' : 'Deploy'} blocked by ${decision.blockedBy.join(', ')}`;
  const commit = decision.sha
    ? decision.links.commit
      ? `[\`${decision.sha.slice(0, 7)}\`](${decision.links.commit})`
      : `\`${decision.sha.slice(0, 7)}\``
    : '(none)';
  const facts: Array<[string, string]> = [
    ['Commit', commit],
    ['Environment', cell(mdText(decision.environment))],
    ['Mode', decision.mode],
    ['Triggered by', decision.actor ? cell(mdText(decision.actor)) : '(unknown)'],
  ];
  if (decision.previousSha) facts.push(['Active deployment', `\`${decision.previousSha.slice(0, 7)}\``]);
  if (decision.mode === 'rollback' && decision.links.compare) {
    facts.push([
      'Rolling back',
      `[${decision.sha.slice(0, 7)}...${decision.previousSha?.slice(0, 7)}](${decision.links.compare})`,
    ]);
  }
  if (decision.polls > 1) {
    facts.push(['Checks polled', `${decision.polls} times over ${formatDuration(decision.waitedMs)}`]);
  }
  if (decision.reason) facts.push(['Reason', cell(mdText(decision.reason))]);
  if (decision.changed !== undefined) facts.push(['Paths changed', String(decision.changed)]);
  if (decision.dryRun) facts.push(['Dry run', 'yes: the step does not fail']);
  if (decision.links.run) facts.push(['Run', `[workflow run](${decision.links.run})`]);
  const gateRows = decision.gates.map(
    // A gate's Markdown detail escapes its own text; a plain detail (service answers, reasons, paths) is escaped here.
    (result) =>
      `| ${ICON[result.outcome]} | ${result.name} | ${cell(result.detailMarkdown ?? mdText(result.detail))} |`,
  );
  return [
    heading(`Deploy gate: ${verdict}`),
    '',
    '| | gate | detail |',
    '| --- | --- | --- |',
    ...gateRows,
    '',
    `| fact | value |\n| --- | --- |\n${facts.map(([name, value]) => `| ${name} | ${value} |`).join('\n')}`,
  ].join('\n');
}
