// Incident records (issues labelled `incident`) and their reviews (labelled `postmortem`) read from
// GitHub, and the pure mapping from a record to what the page shows: state, severity, timeline, review link.
import type { GitHubClient } from '../../../src/kernel/github.ts';
import { INCIDENT_LABEL, POSTMORTEM_LABEL } from '../../../src/kernel/incident-labels.ts';
import { severityFromLabels } from '../../../src/kernel/severity.ts';
import type { IncidentState, IncidentView, TimelineEntry } from './model.ts';

/** The parts of an issue the page reads. */
export interface RecordFacts {
  number: number;
  title: string;
  htmlUrl: string;
  state: 'open' | 'closed';
  labels: string[];
  body: string;
  author: string;
  createdAt: string;
  closedAt?: string;
  /** Comments by anyone; only the record's author's update marks count. Read for open records only. */
  comments: Array<{ author: string; body: string; createdAt: string }>;
}

export interface ReviewFacts {
  number: number;
  htmlUrl: string;
  body: string;
}

// The incident action's hidden markers (first lines of a body or comment); only these identify anything.
const RECORD_MARKER = /^<!-- shipshape:fingerprint=(\S+) -->$/;
const FACTS_MARKER = /^<!-- shipshape:facts (\{.*\}) -->$/;
const UPDATE_MARKER = /^<!-- shipshape:update (\{.*\}) -->$/;
const REVIEW_MARKER = /^<!-- shipshape:review-of=#(\d+) -->$/;

function firstLines(body: string, count: number): string[] {
  return body.split(/\r?\n/, count);
}

function jsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `[SEV2] Checkout returns 502` → `Checkout returns 502`. */
export function bareTitle(title: string): string {
  return title.replace(/^\[SEV[1-4]\]\s*/i, '');
}

/** The record a review is of, from the review's first line; undefined for anything else. */
export function reviewOf(body: string): number | undefined {
  const match = REVIEW_MARKER.exec(firstLines(body, 1)[0] ?? '');
  return match ? Number(match[1]) : undefined;
}

const UPDATE_TEXT: Readonly<
  Record<string, { state?: IncidentState; text: (mark: Record<string, unknown>) => string }>
> = {
  seen: { text: () => 'Seen again' },
  acknowledged: {
    state: 'identified',
    text: (mark) => (typeof mark.by === 'string' ? `Acknowledged by ${mark.by}` : 'Acknowledged'),
  },
  escalation: { text: () => 'Escalated' },
  resolved: { state: 'resolved', text: () => 'Resolved' },
};

/** What the page shows of a record: Statuspage's states from the labels, the timeline from the marks. */
export function incidentView(record: RecordFacts, review?: ReviewFacts): IncidentView {
  const [markerLine = '', factsLine = ''] = firstLines(record.body, 2);
  const fingerprint = RECORD_MARKER.exec(markerLine)?.[1];
  const facts = jsonObject(FACTS_MARKER.exec(factsLine)?.[1]);
  const severity = severityFromLabels(record.labels) ?? 'sev3';
  const detectedAt = typeof facts?.detectedAt === 'string' ? facts.detectedAt : record.createdAt;
  const timeline: TimelineEntry[] = [{ at: detectedAt, state: 'investigating', text: 'Detected' }];
  let acknowledged = false;
  for (const comment of record.comments) {
    if (comment.author !== record.author) continue;
    const mark = jsonObject(UPDATE_MARKER.exec(firstLines(comment.body, 1)[0] ?? '')?.[1]);
    const kind =
      typeof mark?.kind === 'string' && Object.hasOwn(UPDATE_TEXT, mark.kind) ? UPDATE_TEXT[mark.kind] : undefined;
    if (!mark || !kind) continue;
    if (kind.state === 'identified') acknowledged = true;
    const previous = timeline[timeline.length - 1].state;
    timeline.push({
      at: typeof mark.at === 'string' ? mark.at : comment.createdAt,
      state: kind.state ?? previous,
      text: kind.text(mark),
    });
  }
  const labels = record.labels.map((label) => label.toLowerCase());
  const state: IncidentState =
    record.state === 'closed' || labels.includes('status:resolved')
      ? 'resolved'
      : labels.includes('status:mitigated')
        ? 'monitoring'
        : acknowledged
          ? 'identified'
          : 'investigating';
  if (labels.includes('status:mitigated') && state === 'monitoring') {
    timeline.push({ at: timeline[timeline.length - 1].at, state: 'monitoring', text: 'Mitigated; monitoring' });
  }
  if (state === 'resolved' && record.closedAt && !timeline.some((entry) => entry.state === 'resolved')) {
    timeline.push({ at: record.closedAt, state: 'resolved', text: 'Resolved' });
  }
  timeline.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return {
    number: record.number,
    title: bareTitle(record.title),
    url: record.htmlUrl,
    severity,
    ...(fingerprint ? { fingerprint } : {}),
    state,
    createdAt: detectedAt,
    ...(state === 'resolved' && record.closedAt ? { resolvedAt: record.closedAt } : {}),
    ...(review ? { reviewUrl: review.htmlUrl, reviewNumber: review.number } : {}),
    timeline,
  };
}

type RepoRef = { owner: string; repo: string };

/** Records updated since `since` and every open one, their reviews, and comments of the open ones. */
export async function readIncidents(github: GitHubClient, repo: RepoRef, since: Date): Promise<IncidentView[]> {
  const list = (labels: string, state: 'open' | 'all') =>
    github.paginate(github.rest.issues.listForRepo, {
      ...repo,
      labels,
      state,
      // `since` filters on the last update: an open record untouched for months must still show.
      ...(state === 'all' ? { since: since.toISOString() } : {}),
      per_page: 100,
    });
  const [open, recent, reviews] = await Promise.all([
    list(INCIDENT_LABEL, 'open'),
    list(INCIDENT_LABEL, 'all'),
    list(POSTMORTEM_LABEL, 'all'),
  ]);
  const records = [...new Map([...recent, ...open].map((issue) => [issue.number, issue])).values()];
  const reviewByRecord = new Map<number, ReviewFacts>();
  for (const review of reviews) {
    if (review.pull_request) continue;
    const of = reviewOf(review.body ?? '');
    if (of !== undefined && !reviewByRecord.has(of)) {
      reviewByRecord.set(of, { number: review.number, htmlUrl: review.html_url, body: review.body ?? '' });
    }
  }
  const views: IncidentView[] = [];
  for (const issue of records) {
    if (issue.pull_request) continue;
    const open = issue.state === 'open';
    const comments = open
      ? (
          await github.paginate(github.rest.issues.listComments, { ...repo, issue_number: issue.number, per_page: 100 })
        ).map((comment) => ({
          author: comment.user?.login ?? '',
          body: comment.body ?? '',
          createdAt: comment.created_at,
        }))
      : [];
    views.push(
      incidentView(
        {
          number: issue.number,
          title: issue.title,
          htmlUrl: issue.html_url,
          state: open ? 'open' : 'closed',
          labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))),
          body: issue.body ?? '',
          author: issue.user?.login ?? '',
          createdAt: issue.created_at,
          ...(issue.closed_at ? { closedAt: issue.closed_at } : {}),
          comments,
        },
        reviewByRecord.get(issue.number),
      ),
    );
  }
  return views;
}
