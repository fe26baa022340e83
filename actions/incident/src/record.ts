// Pure rendering and decisions for incident records: fingerprints, bodies, timeline comments,
// escalation, duplicate resolution and the post-mortem template. No I/O, no clock.
import { formatDuration } from '../../../src/kernel/durations.ts';
import {
  isMoreSevere,
  SEVERITY_INFO,
  type Severity,
  severityFromLabels,
  titlePrefix,
} from '../../../src/kernel/severity.ts';

/** GitHub refuses issue and comment bodies over 65,536 characters; keep a margin. */
export const BODY_LIMIT = 65_000;

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
}

/** What the action knows of an existing record from the issue list. */
export interface RecordView {
  number: number;
  title: string;
  body: string;
  labels: string[];
  createdAt: string;
  htmlUrl: string;
  state: 'open' | 'closed';
}

// ---------- fingerprints ----------

export const FINGERPRINT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;
export const FINGERPRINT_HINT = '1 to 100 characters: letters, digits and . _ : / -, starting with a letter or digit';

/** The deduplication key a title implies: `Checkout 5xx rate > 2%` → `checkout-5xx-rate-2`. */
export function deriveFingerprint(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
  return slug || 'incident';
}

export function fingerprintMarker(fingerprint: string): string {
  return `<!-- shipshape:fingerprint=${fingerprint} -->`;
}

export function hasFingerprint(body: string | null | undefined, fingerprint: string): boolean {
  return (body ?? '').includes(fingerprintMarker(fingerprint));
}

/** Open records carrying the fingerprint, lowest number first. */
export function matchingRecords(records: readonly RecordView[], fingerprint: string): RecordView[] {
  return records
    .filter((record) => record.state === 'open' && hasFingerprint(record.body, fingerprint))
    .sort((a, b) => a.number - b.number);
}

// ---------- decisions ----------

export type OpenPlan =
  | { kind: 'create' }
  | { kind: 'update'; record: RecordView; severity: Severity; escalatedFrom?: Severity; requested: Severity };

/** Create when nothing is open; otherwise add to the record, raising (never lowering) its severity. */
export function planOpen(existing: RecordView | undefined, requested: Severity): OpenPlan {
  if (!existing) return { kind: 'create' };
  const current = severityFromLabels(existing.labels) ?? severityFromTitle(existing.title) ?? requested;
  if (isMoreSevere(requested, current)) {
    return { kind: 'update', record: existing, severity: requested, escalatedFrom: current, requested };
  }
  return { kind: 'update', record: existing, severity: current, requested };
}

function severityFromTitle(title: string): Severity | undefined {
  const match = /^\[(SEV[1-4])\]/i.exec(title);
  return match ? (match[1].toLowerCase() as Severity) : undefined;
}

/** A record's title without its `[SEVn]` prefix. */
export function bareTitle(title: string): string {
  return title.replace(/^\[SEV[1-4]\]\s*/i, '');
}

/** The record's title with its severity prefix replaced (or added). */
export function recordTitle(title: string, severity: Severity): string {
  return `${titlePrefix(severity)} ${bareTitle(title)}`;
}

export interface DuplicateResolution {
  kept: number;
  /** Records this run created that lost the race and must be closed as duplicates. */
  close: number[];
}

/**
 * After a create, every open record with the fingerprint is listed again. The lowest number
 * wins; this run closes only what it created itself, so two racing runs never both comment.
 */
export function resolveDuplicates(openNumbers: readonly number[], createdByThisRun: number): DuplicateResolution {
  const numbers = [...new Set([...openNumbers, createdByThisRun])].sort((a, b) => a - b);
  const kept = numbers[0];
  return { kept, close: kept === createdByThisRun ? [] : [createdByThisRun] };
}

// ---------- rendering ----------

export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function commitLink(facts: Pick<IncidentFacts, 'commit' | 'repository' | 'serverUrl'>): string {
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
  const where = facts.environment ? ` in ${facts.environment}` : '';
  const links = [facts.runUrl ? runLink(facts.runUrl) : '', facts.commit ? `commit ${commitLink(facts)}` : '']
    .filter(Boolean)
    .join(' · ');
  return `- **${formatUtc(facts.at)}** — ${what} by \`${facts.source}\` (${facts.severity})${where}${links ? ` · ${links}` : ''}`;
}

export function renderRecordBody(facts: IncidentFacts, postmortemTemplate: string): string {
  const info = SEVERITY_INFO[facts.severity];
  const render = (summary: string) =>
    [
      fingerprintMarker(facts.fingerprint),
      `> Incident record kept by shipshape. Move the status label as you go: \`status:investigating\` → \`status:mitigated\` → \`status:resolved\`. Repeat signals are added below as timeline comments.`,
      '',
      '| Fact | Value |',
      '| --- | --- |',
      `| Severity | **${facts.severity}** (${info.meaning}): respond within ${info.responseTarget} |`,
      `| Environment | ${facts.environment ?? '—'} |`,
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
      renderPostmortem(postmortemTemplate, postmortemValues(facts, { summary: '_See "What was seen" above._' })),
      '',
      '</details>',
    ].join('\n');
  return fitToLimit(render, facts.summary ?? '', facts.runUrl);
}

export function renderTimelineComment(facts: IncidentFacts, plan: Extract<OpenPlan, { kind: 'update' }>): string {
  const lines = [timelineLine({ ...facts, severity: plan.requested }, 'Seen again')];
  if (plan.escalatedFrom) lines.push('', `**Severity raised from ${plan.escalatedFrom} to ${plan.severity}.**`);
  else if (plan.requested !== plan.severity) {
    lines.push(
      '',
      `Reported as ${plan.requested}; the record stays ${plan.severity} (severity is never lowered automatically).`,
    );
  }
  return fitToLimit(
    (summary) => [...lines, ...(summary ? ['', summary] : [])].join('\n'),
    facts.summary ?? '',
    facts.runUrl,
  );
}

export function renderDuplicateComment(kept: number): string {
  return `Closed as a duplicate of #${kept}: another run opened a record for the same fingerprint at the same moment. The timeline continues on #${kept}.`;
}

export interface Resolution {
  resolvedAt: Date;
  createdAt: Date;
  resolution?: string;
  reviewNumber?: number;
  reviewDue?: Date;
}

export function secondsToResolve(resolution: Pick<Resolution, 'resolvedAt' | 'createdAt'>): number {
  return Math.max(0, Math.round((resolution.resolvedAt.getTime() - resolution.createdAt.getTime()) / 1000));
}

/** `42 s`, or `2h 5m (7530 s)` once words say more than the number. */
export function describeSeconds(seconds: number): string {
  return seconds < 60 ? `${seconds} s` : `${formatDuration(seconds * 1000)} (${seconds} s)`;
}

export function renderResolutionComment(facts: IncidentFacts, resolution: Resolution): string {
  const seconds = secondsToResolve(resolution);
  const lines = [
    '### Resolved',
    '',
    `**Time to resolve:** ${describeSeconds(seconds)}, from ${formatUtc(resolution.createdAt)} to ${formatUtc(resolution.resolvedAt)}.`,
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
    resolution.resolution ?? '',
    facts.runUrl,
  );
}

// ---------- post-mortem template ----------

export const PLACEHOLDERS = [
  'title',
  'severity',
  'response_target',
  'fingerprint',
  'environment',
  'source',
  'detected_at',
  'resolved_at',
  'time_to_resolve',
  'commit',
  'run_url',
  'record_url',
  'record_number',
  'summary',
  'resolution',
  'due_date',
  'repository',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const DEFAULT_POSTMORTEM_TEMPLATE = `## Post-incident review: {{title}}

> Blameless: we look for what in our systems and process allowed this, not for who.

### Summary
{{summary}}

### Impact
- Severity: {{severity}} (respond within {{response_target}})
- Environment: {{environment}}
- Detected: {{detected_at}} by \`{{source}}\`
- Resolved: {{resolved_at}} (time to resolve: {{time_to_resolve}})
- Who and what was affected: _to fill in_

### Root causes
_to fill in_

### Trigger
_to fill in_ (deployed commit: {{commit}})

### Detection
Detected by \`{{source}}\` at {{detected_at}}; run: {{run_url}}

### Resolution
{{resolution}}

### What went well
- _to fill in_

### What went wrong
- _to fill in_

### Where we got lucky
- _to fill in_

### Action items
| Action | Type (prevent / mitigate / detect) | Owner | Due | Issue |
| --- | --- | --- | --- | --- |
| _to fill in_ | | | | |

### Timeline (UTC)
| Time | Event |
| --- | --- |
| {{detected_at}} | Detected by \`{{source}}\` |
| {{resolved_at}} | Resolved |
`;

const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z0-9_.-]*)\s*\}\}/g;

/** Unknown placeholders with their line numbers; empty when the template is usable. */
export function unknownPlaceholders(template: string): Array<{ name: string; line: number }> {
  const problems: Array<{ name: string; line: number }> = [];
  template.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(PLACEHOLDER_PATTERN)) {
      if (!PLACEHOLDERS.includes(match[1] as Placeholder)) problems.push({ name: match[1], line: index + 1 });
    }
  });
  return problems;
}

export function renderPostmortem(template: string, values: Partial<Record<Placeholder, string>>): string {
  return template.replace(PLACEHOLDER_PATTERN, (_, name: string) => values[name as Placeholder] ?? '_pending_');
}

export function postmortemValues(
  facts: IncidentFacts,
  extra: Partial<Record<Placeholder, string>> = {},
): Partial<Record<Placeholder, string>> {
  return {
    title: facts.title,
    severity: facts.severity,
    response_target: SEVERITY_INFO[facts.severity].responseTarget,
    fingerprint: facts.fingerprint,
    environment: facts.environment ?? '—',
    source: facts.source,
    detected_at: formatUtc(facts.at),
    commit: facts.commit ? commitLink(facts) : '—',
    run_url: facts.runUrl ?? '—',
    repository: facts.repository,
    summary: facts.summary || '_to fill in_',
    resolved_at: '_pending_',
    time_to_resolve: '_pending_',
    resolution: '_pending_',
    ...extra,
  };
}

export function renderReviewBody(
  template: string,
  values: Partial<Record<Placeholder, string>>,
  record: { number: number; url: string },
  due: Date,
): string {
  const head = [
    `Post-incident review for #${record.number}. **Due ${due.toISOString().slice(0, 10)}** (3 days after resolution).`,
    '',
  ].join('\n');
  return fitToLimit(
    (summary) => head + renderPostmortem(template, { ...values, summary }),
    values.summary ?? '',
    values.run_url,
  );
}

/** The facts table and summary of a record body this action wrote, for the resolution and review. */
export function parseRecordFacts(body: string): { facts: Record<string, string>; summary?: string } {
  const facts: Record<string, string> = {};
  for (const match of body.matchAll(
    /^\| (Severity|Environment|Source|Detected at|Commit|Run|Fingerprint) \| (.*) \|$/gm,
  )) {
    facts[match[1]] = match[2].trim();
  }
  const seen = /## What was seen\n\n([\s\S]*?)\n\n## Timeline/.exec(body)?.[1];
  return { facts, summary: seen && seen !== '_No summary was given._' ? seen : undefined };
}
