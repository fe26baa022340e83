// Pure decisions about incident records: which open record a fingerprint names, what a repeat
// signal does to its severity, which of two racing records survives. No I/O, no clock.
import { statusLabel } from '../../../src/kernel/incident-labels.ts';
import { isMoreSevere, type Severity, severityFromLabels, titlePrefix } from '../../../src/kernel/severity.ts';
import { recordFingerprint } from './markers.ts';

/** What the action knows of an existing record from the issue list. */
export interface RecordView {
  number: number;
  title: string;
  body: string;
  labels: string[];
  /** Logins assigned to it. */
  assignees: string[];
  /** Who created it: the identity this action writes as, for records it created. */
  author: string;
  createdAt: string;
  htmlUrl: string;
  state: 'open' | 'closed';
}

/** Open records whose first body line is this action's marker for `fingerprint`, lowest number first. */
export function matchingRecords(records: readonly RecordView[], fingerprint: string): RecordView[] {
  return records
    .filter((record) => record.state === 'open' && recordFingerprint(record.body) === fingerprint)
    .sort((a, b) => a.number - b.number);
}

/**
 * Someone is on it: the `status:acknowledged` label (by this action or by hand), or an assignee other
 * than those the action assigned at open (`onCall`, the people an escalation calls).
 */
export function isAcknowledged(
  record: Pick<RecordView, 'labels' | 'assignees'>,
  onCall: readonly string[] = [],
): boolean {
  const paged = new Set(onCall.map((login) => login.toLowerCase()));
  // Mitigated comes after acknowledged (a record carries one status label): someone is on it.
  return (
    record.assignees.some((login) => !paged.has(login.toLowerCase())) ||
    record.labels.some((label) => [statusLabel('acknowledged'), statusLabel('mitigated')].includes(label.toLowerCase()))
  );
}

export interface SightingPlan {
  /** The record's severity after this signal. */
  severity: Severity;
  /** Set when this signal raised the severity. */
  escalatedFrom?: Severity;
  /** The severity this signal was reported with. */
  requested: Severity;
}

/** A repeat signal raises (never lowers) the record's severity. */
export function planSighting(existing: Pick<RecordView, 'labels' | 'title'>, requested: Severity): SightingPlan {
  const current = severityFromLabels(existing.labels) ?? severityFromTitle(existing.title) ?? requested;
  if (isMoreSevere(requested, current)) return { severity: requested, escalatedFrom: current, requested };
  return { severity: current, requested };
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

export function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
}
