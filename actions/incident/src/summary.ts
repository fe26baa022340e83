// What a run of the incident action reports: step outputs and the job summary.
import { heading, table } from '../../../src/kernel/report.ts';
import { storedFacts } from './markers.ts';
import { isAcknowledged } from './plan.ts';
import { describeSeconds } from './render.ts';
import type { IncidentOutcome } from './result.ts';

export function outputsFor(outcome: IncidentOutcome): Record<string, string> {
  if (outcome.kind === 'no-open-record' || outcome.kind === 'swept') {
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
  if (outcome.kind === 'acknowledged') {
    return {
      'issue-number': String(outcome.record.number),
      'issue-url': outcome.record.htmlUrl,
      created: 'false',
      severity: outcome.severity,
      'duration-seconds': '',
      'postmortem-issue-number': '',
      notified: JSON.stringify(outcome.notified),
      acknowledged: 'true',
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
    acknowledged: String(isAcknowledged(outcome.record, storedFacts(outcome.record.body)?.assignees)),
  };
}

function channelRows(notified: Record<string, string | undefined>): Array<[string, string]> {
  return Object.entries(notified).map(([channel, answer]) => [
    `Channel ${channel}`,
    answer === 'ok' ? 'delivered' : `**failed**: ${answer ?? ''}`,
  ]);
}

export function summaryFor(outcome: IncidentOutcome): string {
  if (outcome.kind === 'no-open-record') {
    const what = outcome.fingerprint ? `fingerprint \`${outcome.fingerprint}\`` : `issue #${outcome.issueNumber}`;
    return `${heading(`Incident: nothing to ${outcome.mode}`)}\n\nNo open incident record for ${what}; nothing was changed.`;
  }
  if (outcome.kind === 'swept') {
    const { sweep } = outcome;
    const head = `${heading(`Escalation sweep: ${sweep.steps.length} step${sweep.steps.length === 1 ? '' : 's'}`)}\n\n${sweep.open} open records, ${sweep.read} due by the clock.`;
    const rows = sweep.steps.map((step) => [
      `[#${step.number} ${step.title}](${step.url})`,
      step.step,
      step.notify.join(' ') || '—',
    ]);
    const channels = channelRows(outcome.notified);
    return [
      head,
      rows.length ? table(['Record', 'Step', 'Calling'], rows) : '',
      channels.length ? table(['', ''], channels) : '',
    ]
      .filter(Boolean)
      .join('\n\n');
  }
  if (outcome.kind === 'acknowledged') {
    const link = `[#${outcome.record.number} ${outcome.record.title}](${outcome.record.htmlUrl})`;
    const rows: Array<[string, string]> = [
      ['Record', link],
      ['Acknowledged by', outcome.by],
      ...channelRows(outcome.notified),
    ];
    return `${heading(`Incident #${outcome.record.number} acknowledged`)}\n\n${table(['', ''], rows)}`;
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
