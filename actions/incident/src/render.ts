// Markdown this action writes on GitHub: the record body, timeline and resolution comments. Every
// piece of user text goes through `neutralize` (and `cell` in tables); the hidden markers come first.
import { formatDuration } from '../../../src/kernel/durations.ts';
import { cell } from '../../../src/kernel/report.ts';
import { SEVERITY_INFO, type Severity } from '../../../src/kernel/severity.ts';
import { factsMarker, fingerprintMarker, neutralize, updateMarker } from './markers.ts';
import type { SightingPlan } from './plan.ts';
import { postmortemValues, renderPostmortem } from './postmortem.ts';

/** GitHub refuses issue and comment bodies over 65,536 characters; keep a margin. */
export const BODY_LIMIT = 65_000;

/** One signal: what was reported, by whom, from which run. */
export interface IncidentFacts {
  title: string;
  severity: Severity;
  fingerprint: string;
  source: string;
  environment?: string;
  summary?: string;
  /** When this signal was seen (the run's clock). */
  at: Date;
  commit?: string;
  runUrl?: string;
  /** `owner/name` and the web server URL, for links. */
  repository: string;
  serverUrl: string;
  /** The id of this run's write, stable across re-runs of the same step. */
  updateId: string;
  /** Logins assigned at open. */
  assignees?: string[];
}

export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `42 s`, or `2h 5m (7530 s)` once words say more than the number. */
export function describeSeconds(seconds: number): string {
  return seconds < 60 ? `${seconds} s` : `${formatDuration(seconds * 1000)} (${seconds} s)`;
}

export function commitLink(facts: Pick<IncidentFacts, 'commit' | 'repository' | 'serverUrl'>): string {
  if (!facts.commit) return '—';
  return `[\`${facts.commit.slice(0, 7)}\`](${facts.serverUrl}/${facts.repository}/commit/${facts.commit})`;
}

function runLink(runUrl: string | undefined, text = 'workflow run'): string {
  return runUrl ? `[${text}](${runUrl})` : '—';
}

/** Fits `render(summary)` under the body limit by cutting the summary and pointing at the run. */
export function fitToLimit(
  render: (summary: string) => string,
  summary: string,
  runUrl?: string,
  limit = BODY_LIMIT,
): string {
  const full = render(summary);
  if (full.length <= limit) return full;
  const note = `\n\n… (cut to fit GitHub's size limit; the full text is in the ${runLink(runUrl)})`;
  const overhead = render('').length + note.length;
  // The summary may appear more than once in a body; cut until the whole fits.
  let keep = Math.max(0, limit - overhead);
  let body = render(summary.slice(0, keep) + note);
  while (body.length > limit && keep > 0) {
    keep = Math.max(0, keep - (body.length - limit) - 16);
    body = render(summary.slice(0, keep) + note);
  }
  return body;
}

function timelineLine(facts: IncidentFacts, what: string): string {
  const where = facts.environment ? ` in ${neutralize(facts.environment)}` : '';
  const links = [facts.runUrl ? runLink(facts.runUrl) : '', facts.commit ? `commit ${commitLink(facts)}` : '']
    .filter(Boolean)
    .join(' · ');
  return `- **${formatUtc(facts.at)}** — ${what} by \`${facts.source}\` (${facts.severity})${where}${links ? ` · ${links}` : ''}`;
}

export function renderRecordBody(facts: IncidentFacts, postmortemTemplate: string): string {
  const info = SEVERITY_INFO[facts.severity];
  const summaryText = neutralize(facts.summary ?? '');
  const hidden = [
    fingerprintMarker(facts.fingerprint),
    factsMarker({
      fingerprint: facts.fingerprint,
      severity: facts.severity,
      source: facts.source,
      environment: facts.environment,
      commit: facts.commit,
      runUrl: facts.runUrl,
      detectedAt: facts.at.toISOString(),
      update: facts.updateId,
      ...(facts.assignees?.length ? { assignees: facts.assignees } : {}),
    }),
  ];
  const render = (summary: string) =>
    [
      ...hidden,
      `> Incident record kept by shipshape. Move the status label as you go: \`status:investigating\` → \`status:mitigated\` → \`status:resolved\`. Repeat signals are added below as timeline comments.`,
      '',
      '| Fact | Value |',
      '| --- | --- |',
      `| Severity | **${facts.severity}** (${info.meaning}): respond within ${info.responseTarget} |`,
      `| Environment | ${facts.environment ? cell(neutralize(facts.environment)) : '—'} |`,
      `| Source | \`${facts.source}\` |`,
      `| Detected at | ${formatUtc(facts.at)} |`,
      `| Commit | ${commitLink(facts)} |`,
      `| Run | ${runLink(facts.runUrl)} |`,
      `| Fingerprint | \`${facts.fingerprint}\` |`,
      '',
      '## What was seen',
      '',
      summary || '_No summary was given._',
      '',
      '## Timeline',
      '',
      timelineLine(facts, 'Opened'),
      '',
      '## Follow-up',
      '',
      `- [ ] Acknowledge (within ${info.responseTarget})`,
      '- [ ] Mitigate the impact',
      '- [ ] Root cause identified (within 1 h of mitigation)',
      '- [ ] Incident report written (within 4 h)',
      '- [ ] Prevention measures agreed (within 24 h)',
      '',
      '<details><summary>Post-mortem skeleton (copy into the review)</summary>',
      '',
      renderPostmortem(
        postmortemTemplate,
        postmortemValues(facts, { summary: '_See "What was seen" above._', timeline: '_pending_' }),
      ),
      '',
      '</details>',
    ].join('\n');
  return fitToLimit(render, summaryText, facts.runUrl);
}

/** The record's summary as a person may have edited it (between "What was seen" and "Timeline"). */
export function recordSummary(body: string): string | undefined {
  const seen = /\n## What was seen\n\n([\s\S]*?)\n\n## Timeline\n/.exec(body)?.[1];
  return seen && seen !== '_No summary was given._' ? seen : undefined;
}

export function renderTimelineComment(facts: IncidentFacts, plan: SightingPlan): string {
  const lines = [
    updateMarker({ id: facts.updateId, kind: 'seen', at: facts.at.toISOString(), severity: plan.requested }),
    timelineLine({ ...facts, severity: plan.requested }, 'Seen again'),
  ];
  if (plan.escalatedFrom) lines.push('', `**Severity raised from ${plan.escalatedFrom} to ${plan.severity}.**`);
  else if (plan.requested !== plan.severity) {
    lines.push(
      '',
      `Reported as ${plan.requested}; the record stays ${plan.severity} (severity is never lowered automatically).`,
    );
  }
  return fitToLimit(
    (summary) => [...lines, ...(summary ? ['', summary] : [])].join('\n'),
    neutralize(facts.summary ?? ''),
    facts.runUrl,
  );
}

export function renderDuplicateComment(kept: number): string {
  return `Closed as a duplicate of #${kept}: another run opened a record for the same fingerprint at the same moment. The timeline continues on #${kept}.`;
}

export interface Resolution {
  resolvedAt: Date;
  createdAt: Date;
  seconds: number;
  resolution?: string;
  reviewNumber?: number;
  reviewDue?: Date;
}

export function renderResolutionComment(facts: IncidentFacts, resolution: Resolution): string {
  const lines = [
    updateMarker({ id: facts.updateId, kind: 'resolved', at: resolution.resolvedAt.toISOString() }),
    '### Resolved',
    '',
    `**Time to resolve:** ${describeSeconds(resolution.seconds)}, from ${formatUtc(resolution.createdAt)} to ${formatUtc(resolution.resolvedAt)}.`,
    '',
  ];
  if (resolution.reviewNumber) {
    lines.push(
      `Post-incident review: #${resolution.reviewNumber}, due ${resolution.reviewDue ? resolution.reviewDue.toISOString().slice(0, 10) : 'in 3 days'}.`,
      '',
    );
  }
  lines.push(timelineLine(facts, 'Resolved'));
  return fitToLimit(
    (text) => [...lines, '', '**Resolution:**', '', text || '_No resolution was given._'].join('\n'),
    neutralize(resolution.resolution ?? ''),
    facts.runUrl,
  );
}
