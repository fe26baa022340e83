// The gates other than checks, each a pure function of gathered facts: approvals, integrity, backup
// freshness, open incidents and freeze windows.
import { BACKUP_MAX_AHEAD_MS, type BackupManifest, judgeFreshness } from '../../../src/kernel/backup-manifest.ts';
import { formatDuration } from '../../../src/kernel/durations.ts';
import {
  evaluateJsonExpectation,
  parseJsonExpectation,
  parseJsonPath,
  readJsonPath,
} from '../../../src/kernel/http/json-path.ts';
import { INCIDENT_LABEL } from '../../../src/kernel/incident-labels.ts';
import { redact } from '../../../src/kernel/secrets.ts';
import { canonicalSeverity, type Severity } from '../../../src/kernel/severity.ts';
import { activeFreezes, describeWindow, type FreezeWindow, iso } from './freeze.ts';
import { mdLink, mdText } from './markdown.ts';
import { type GateResult, gate } from './result.ts';

// ---------- approvals ----------

export interface PullFact {
  number: number;
  url: string;
  merged: boolean;
  state: string;
}

export interface ReviewFact {
  id: number;
  user: string;
  /** `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED`, `PENDING`. */
  state: string;
  submittedAt?: string | null;
}

/** The pull request that brought the commit: the merged one first, then the lowest number (the oldest). */
export function choosePull(pulls: readonly PullFact[]): PullFact | undefined {
  return [...pulls].sort((a, b) => Number(b.merged) - Number(a.merged) || a.number - b.number)[0];
}

/** Each reviewer's latest approval or change request counts; a dismissed review withdraws it. */
export function judgeApprovals(
  pull: PullFact | undefined,
  reviews: readonly ReviewFact[],
  required: number,
): GateResult {
  if (!pull) return gate('approvals', 'fail', `no pull request brought this commit; ${required} approval(s) required`);
  const latest = new Map<string, ReviewFact>();
  const ordered = [...reviews].sort(
    (a, b) => (Date.parse(a.submittedAt ?? '') || 0) - (Date.parse(b.submittedAt ?? '') || 0) || a.id - b.id,
  );
  for (const review of ordered) {
    if (review.state === 'APPROVED' || review.state === 'CHANGES_REQUESTED') latest.set(review.user, review);
    else if (review.state === 'DISMISSED') latest.delete(review.user);
  }
  const approvers = [...latest.values()].filter((review) => review.state === 'APPROVED').map((review) => review.user);
  const objectors = [...latest.values()]
    .filter((review) => review.state === 'CHANGES_REQUESTED')
    .map((review) => review.user);
  // Logins such as `dependabot[bot]` are text in the summary, not Markdown.
  const describe = (markdown: boolean) => {
    const names = (users: string[]) => (markdown ? users.map(mdText) : users).join(', ');
    const where = markdown ? mdLink(`#${pull.number}`, pull.url) : `#${pull.number}`;
    const approved = `${approvers.length} of ${required} approval(s)${approvers.length > 0 ? ` (${names(approvers)})` : ''}`;
    return objectors.length > 0
      ? `${where}: changes requested by ${names(objectors)}; ${approved}`
      : `${where}: ${approved}`;
  };
  const outcome = objectors.length === 0 && approvers.length >= required ? 'pass' : 'fail';
  return gate('approvals', outcome, describe(false), describe(true));
}

// ---------- integrity ----------

export type IntegrityFacts =
  | { kind: 'document'; document: unknown; source: string }
  | { kind: 'unreadable'; source: string; problem: string };

export interface IntegrityPolicy {
  path: string;
  min: number;
  warn?: number;
}

/** Fails closed: a score below the minimum, missing, not a number, or an unreadable source blocks. */
export function judgeIntegrity(facts: IntegrityFacts, policy: IntegrityPolicy, secrets: readonly string[]): GateResult {
  if (facts.kind === 'unreadable') {
    return gate('integrity', 'fail', redact(`${facts.source}: ${facts.problem}`, secrets));
  }
  // JSON.parse reads 1e999 as Infinity: a number, but no score (it would pass any minimum).
  const score = readScore(policy.path, facts.document);
  if (typeof score === 'number' && !Number.isFinite(score)) {
    return gate('integrity', 'fail', `${policy.path} was ${score}, expected a finite number >= ${policy.min}`);
  }
  const failure = expectation(policy.path, policy.min, facts.document, secrets);
  if (failure) return gate('integrity', 'fail', failure);
  if (policy.warn !== undefined) {
    const below = expectation(policy.path, policy.warn, facts.document, secrets);
    if (below) return gate('integrity', 'warn', `${below} (warning; the minimum is ${policy.min})`);
  }
  const expected = `expected >= ${policy.min}${policy.warn !== undefined ? `, warn below ${policy.warn}` : ''}`;
  return gate('integrity', 'pass', `${policy.path} was ${JSON.stringify(score)}, ${expected}`);
}

/** Smoke-test's own expectation `PATH >= MIN`, so the message reads the same: `$.scores.mii was 0.91, expected >= 0.95`. */
function expectation(path: string, min: number, document: unknown, secrets: readonly string[]): string | undefined {
  const parsed = parseJsonExpectation(`${path} >= ${min}`);
  if (!parsed.ok) return parsed.error;
  return evaluateJsonExpectation(parsed.value, document, secrets);
}

function readScore(path: string, document: unknown): unknown {
  const parsed = parseJsonPath(path);
  if (!parsed.ok) return undefined;
  const lookup = readJsonPath(document, parsed.value);
  return lookup.found ? lookup.value : undefined;
}

// ---------- backup ----------

export type BackupFacts =
  | { kind: 'listed'; where: string; manifests: BackupManifest[]; broken: Array<{ file: string; error: string }> }
  | { kind: 'unreadable'; where: string; problem: string };

/** The shared freshness rule: the newest verified manifest must be younger than `maxAgeMs`. */
export function judgeBackup(facts: BackupFacts, name: string, now: Date, maxAgeMs: number): GateResult {
  if (facts.kind === 'unreadable') return gate('backup', 'fail', `${facts.where}: ${facts.problem}`);
  const freshness = judgeFreshness(facts.manifests, now, maxAgeMs);
  const brokenNote = facts.broken.length > 0 ? `; ${facts.broken.length} unreadable manifest(s) ignored` : '';
  if (!freshness.latest || freshness.ageSeconds === undefined) {
    const seen = facts.manifests.length > 0 ? ` (${facts.manifests.length} unverified)` : '';
    return gate('backup', 'fail', `no verified backup of ${name} in ${facts.where}${seen}${brokenNote}`);
  }
  // The shared rule reads a little clock skew as age 0; further ahead, the time cannot be trusted.
  const aheadMs = freshness.aheadMs ?? 0;
  if (aheadMs > BACKUP_MAX_AHEAD_MS) {
    const ahead = formatDuration(Math.floor(aheadMs / 1000) * 1000);
    return gate(
      'backup',
      'fail',
      `newest verified backup ${freshness.latest.id} was created ${ahead} in the future (${freshness.latest.createdAt}): its time cannot be trusted${brokenNote}`,
    );
  }
  const age = formatDuration(freshness.ageSeconds * 1000);
  const text = `newest verified backup ${freshness.latest.id} is ${age} old (created ${freshness.latest.createdAt}), limit ${formatDuration(maxAgeMs)}${brokenNote}`;
  return gate('backup', freshness.fresh ? 'pass' : 'fail', text);
}

// ---------- incidents ----------

export interface IncidentFact {
  number: number;
  title: string;
  url: string;
  labels: string[];
}

/** Open issues labelled `incident` and a blocking severity (any spelling of it) block. */
export function judgeIncidents(issues: readonly IncidentFact[], block: readonly Severity[]): GateResult {
  const blocking = issues.filter(
    (issue) =>
      issue.labels.some((label) => label.toLowerCase() === INCIDENT_LABEL) &&
      issue.labels.some((label) => {
        const severity = canonicalSeverity(label);
        return severity !== undefined && block.includes(severity);
      }),
  );
  const watched = block.join(', ');
  if (blocking.length === 0) {
    return gate('incidents', 'pass', `no open ${watched} incident (${issues.length} open incident(s) in all)`);
  }
  const sorted = [...blocking].sort((a, b) => a.number - b.number);
  const text = `open ${watched} incident(s): ${sorted.map((issue) => `#${issue.number} ${issue.title}`).join('; ')}`;
  const markdown = `open ${watched} incident(s): ${sorted.map((issue) => `${mdLink(`#${issue.number}`, issue.url)} ${mdText(issue.title)}`).join('; ')}`;
  return gate('incidents', 'fail', text, markdown);
}

// ---------- freeze ----------

export interface FreezePolicy {
  windows: readonly FreezeWindow[];
  override: boolean;
  actor?: string;
  reason?: string;
  /** Rollbacks pass freezes: a broken production must be repairable during one. */
  rollback: boolean;
}

export function judgeFreeze(policy: FreezePolicy, now: Date): GateResult {
  const active = activeFreezes(policy.windows, now);
  if (active.length === 0) return gate('freeze', 'pass', `no freeze active at ${iso(now)}`);
  const described = active
    .map((freeze) => {
      const until = freeze.until ? ` until ${iso(freeze.until)}` : '';
      return `${describeWindow(freeze.window)}${freeze.window.reason ? ` "${freeze.window.reason}"` : ''}${until}`;
    })
    .join('; ');
  if (policy.rollback) return gate('freeze', 'pass', `freeze active (${described}); rollbacks pass freezes`);
  if (policy.override) {
    return gate(
      'freeze',
      'warn',
      `freeze active (${described}); overridden by ${policy.actor ?? 'unknown'}: ${policy.reason ?? ''}`,
    );
  }
  return gate('freeze', 'fail', `freeze active: ${described}`);
}
