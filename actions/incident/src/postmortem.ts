// The post-incident review: its template placeholders, the values the automation knows, the whole
// timeline of the record, and the review body (which starts with the record's review marker).
import { cell } from '../../../src/kernel/report.ts';
import { SEVERITY_INFO } from '../../../src/kernel/severity.ts';
import { clip, oneLine } from '../../../src/kernel/text.ts';
import { reviewMarker } from './markers.ts';
import { commitLink, fitToLimit, formatUtc, type IncidentFacts } from './render.ts';

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
  'timeline',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PostmortemValues = Partial<Record<Placeholder, string>>;

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
{{timeline}}
`;

const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z0-9_.-]*)\s*\}\}/g;

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** Unknown placeholders with their line numbers; empty when the template is usable. */
export function unknownPlaceholders(template: string): Array<{ name: string; line: number }> {
  const problems: Array<{ name: string; line: number }> = [];
  template.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(PLACEHOLDER_PATTERN)) {
      if (!isPlaceholder(match[1])) problems.push({ name: match[1], line: index + 1 });
    }
  });
  return problems;
}

export function renderPostmortem(template: string, values: PostmortemValues): string {
  return template.replace(PLACEHOLDER_PATTERN, (_, name: string) =>
    isPlaceholder(name) ? (values[name] ?? '_pending_') : '_pending_',
  );
}

export function postmortemValues(facts: IncidentFacts, extra: PostmortemValues = {}): PostmortemValues {
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

/** One event of a record's life, from its body and its marked comments. */
export interface TimelineEntry {
  at: Date;
  what: string;
  /** The signal's own text (a summary), already neutralised when it came from a record. */
  text?: string;
}

/** The timeline as table rows (`| time | event |`), every entry in time order. */
export function renderTimeline(entries: readonly TimelineEntry[]): string {
  const rows = [...entries]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((entry) => {
      const text = entry.text ? `: ${clip(oneLine(entry.text), 300)}` : '';
      return `| ${formatUtc(entry.at)} | ${cell(entry.what + text)} |`;
    });
  return ['| Time | Event |', '| --- | --- |', ...rows].join('\n');
}

/** Every summary the record received, each under the time it was seen. */
export function renderSummaries(entries: readonly TimelineEntry[]): string {
  const withText = [...entries].filter((entry) => entry.text).sort((a, b) => a.at.getTime() - b.at.getTime());
  if (withText.length <= 1) return withText[0]?.text ?? '';
  return withText.map((entry) => `**${formatUtc(entry.at)} — ${entry.what}**\n\n${entry.text}`).join('\n\n');
}

export function renderReviewBody(
  template: string,
  values: PostmortemValues,
  record: { number: number; url: string },
  due: Date,
): string {
  const head = [
    reviewMarker(record.number),
    `Post-incident review for #${record.number}. **Due ${due.toISOString().slice(0, 10)}** (3 days after resolution).`,
    '',
  ].join('\n');
  // A custom template without {{timeline}} still gets the whole timeline, after it.
  const tail = /\{\{\s*timeline\s*\}\}/.test(template)
    ? ''
    : `\n\n### Timeline of #${record.number} (UTC)\n${values.timeline}`;
  return fitToLimit(
    (summary) => head + renderPostmortem(template, { ...values, summary }) + tail,
    values.summary ?? '',
    values.run_url,
  );
}
