// What a run of the incident action reports: step outputs and the job summary.
import { heading, table } from '../../../src/kernel/report.ts';
import { isAcknowledged } from './plan.ts';
import { describeSeconds } from './render.ts';
import type { IncidentOutcome } from './result.ts';

export function outputsFor(outcome: IncidentOutcome): Record<string, string> {
  if (outcome.kind === 'nothing-to-resolve') {
    return {
      'issue-number': '',
      'issue-url': '',
      created: 'false',
      severity: '',
      'duration-seconds': '',
      'postmortem-issue-number': '',
      notified: JSON.stringify(outcome.notified),
      acknowledged: 'false',
    };
  }
  return {
    'issue-number': String(outcome.record.number),
    'issue-url': outcome.record.htmlUrl,
    created: String(outcome.kind === 'created'),
    severity: outcome.severity,
    'duration-seconds': outcome.kind === 'resolved' ? String(outcome.durationSeconds) : '',
    'postmortem-issue-number': outcome.kind === 'resolved' && outcome.review ? String(outcome.review.number) : '',
    notified: JSON.stringify(outcome.notified),
    acknowledged: String(isAcknowledged(outcome.record)),
  };
}

function channelRows(notified: Record<string, string | undefined>): Array<[string, string]> {
  return Object.entries(notified).map(([channel, answer]) => [
    `Channel ${channel}`,
    answer === 'ok' ? 'delivered' : `**failed**: ${answer ?? ''}`,
  ]);
}

export function summaryFor(outcome: IncidentOutcome): string {
  if (outcome.kind === 'nothing-to-resolve') {
    const what = outcome.fingerprint ? `fingerprint \`${outcome.fingerprint}\`` : `issue #${outcome.issueNumber}`;
    return `${heading('Incident: nothing to resolve')}\n\nNo open incident record for ${what}; nothing was changed.`;
  }
  const link = `[#${outcome.record.number} ${outcome.record.title}](${outcome.record.htmlUrl})`;
  const rows: Array<[string, string]> = [
    ['Record', link],
    ['Severity', outcome.severity],
  ];
  let title: string;
  if (outcome.kind === 'resolved') {
    title = `Incident #${outcome.record.number} resolved`;
    rows.push(['Time to resolve', describeSeconds(outcome.durationSeconds)]);
    if (outcome.review) rows.push(['Post-incident review', `[#${outcome.review.number}](${outcome.review.htmlUrl})`]);
  } else {
    title = `Incident #${outcome.record.number} ${outcome.kind === 'created' ? 'created' : 'updated with a timeline entry'}`;
    if (outcome.escalatedFrom) rows.push(['Escalated', `${outcome.escalatedFrom} → ${outcome.severity}`]);
    if (outcome.closedDuplicates.length > 0) {
      rows.push(['Duplicates closed', outcome.closedDuplicates.map((number) => `#${number}`).join(', ')]);
    }
  }
  rows.push(...channelRows(outcome.notified));
  return `${heading(title)}\n\n${table(['', ''], rows)}`;
}
