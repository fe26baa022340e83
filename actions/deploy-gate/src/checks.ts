// The `checks` gate as a pure function of what GitHub says about a commit: the newest run per name
// wins, required checks that have not appeared are pending, and the gate's own job is never judged.
import picomatch from 'picomatch';
import { mdLink, mdText } from './markdown.ts';

export interface CheckRunFact {
  id: number;
  name: string;
  /** `queued`, `in_progress`, `completed`, `waiting`, `requested`, `pending`. */
  status: string;
  conclusion: string | null;
  startedAt?: string | null;
  url?: string | null;
  detailsUrl?: string | null;
}

export interface StatusFact {
  context: string;
  /** `success`, `pending`, `failure`, `error`. */
  state: string;
  url?: string | null;
  updatedAt?: string | null;
}

export interface CheckFacts {
  checkRuns: CheckRunFact[];
  statuses: StatusFact[];
}

/** How the gate recognises its own job: the check run id, else this run's check runs named like the job. */
export interface SelfMarker {
  checkRunId?: number;
  job?: string;
  runId?: string;
}

export interface ChecksPolicy {
  required: readonly string[];
  ignore: readonly string[];
  self: SelfMarker;
}

export type CheckState = 'pass' | 'fail' | 'pending';

export interface JudgedCheck {
  name: string;
  kind: 'check run' | 'status';
  state: CheckState;
  /** The conclusion, status or state GitHub gave. */
  outcome: string;
  url?: string;
}

export interface ChecksVerdict {
  state: CheckState;
  /** Every check considered, sorted by name. */
  checks: JudgedCheck[];
  /** Required names or globs that nothing matched yet. */
  missing: string[];
  /** True when no check at all is on the commit (only meaningful without required checks). */
  none: boolean;
}

const PASSING_CONCLUSIONS = new Set(['success', 'neutral', 'skipped']);
const FAILING_CONCLUSIONS = new Set([
  'failure',
  'cancelled',
  'timed_out',
  'action_required',
  'stale',
  'startup_failure',
]);

export function checkRunState(run: Pick<CheckRunFact, 'status' | 'conclusion'>): CheckState {
  if (run.status !== 'completed' || run.conclusion === null) return 'pending';
  if (PASSING_CONCLUSIONS.has(run.conclusion)) return 'pass';
  if (FAILING_CONCLUSIONS.has(run.conclusion)) return 'fail';
  // A conclusion GitHub adds later is not a pass we can vouch for.
  return 'fail';
}

export function statusState(state: string): CheckState {
  if (state === 'success') return 'pass';
  if (state === 'failure' || state === 'error') return 'fail';
  return 'pending';
}

/** A glob over check names: `*` also crosses `/` (names like `ci / build`), and a literal name always matches itself. */
export function nameMatcher(globs: readonly string[]): (name: string) => boolean {
  const matchers = globs.map((glob) => {
    const match = picomatch(glob, { bash: true, dot: true, strictBrackets: true });
    return (name: string) => name === glob || match(name);
  });
  return (name) => matchers.some((match) => match(name));
}

/** True for the gate's own check run (or, without its id, this workflow run's check runs named like the job). */
export function isSelf(run: CheckRunFact, self: SelfMarker): boolean {
  if (self.checkRunId !== undefined) return run.id === self.checkRunId;
  if (!self.job || !self.runId) return false;
  const named = run.name === self.job || run.name.startsWith(`${self.job} (`);
  const marker = `/actions/runs/${self.runId}/`;
  const ofThisRun = [run.detailsUrl, run.url].some((url) => typeof url === 'string' && url.includes(marker));
  return named && ofThisRun;
}

/** A run not started yet (a queued re-run) is newer than every started one: it must not lose to the failure it re-runs. */
function startTime(run: CheckRunFact): number {
  return run.startedAt ? Date.parse(run.startedAt) || 0 : Number.POSITIVE_INFINITY;
}

function newer(a: CheckRunFact, b: CheckRunFact): boolean {
  const at = startTime(a);
  const bt = startTime(b);
  return at !== bt ? at > bt : a.id > b.id;
}

/** Judges every check on the commit. `fail` is definite (a failure stops the waiting); `pending` may still change. */
export function judgeChecks(facts: CheckFacts, policy: ChecksPolicy): ChecksVerdict {
  const ignored = nameMatcher(policy.ignore);
  const required = nameMatcher(policy.required);
  const considered = (name: string) => !ignored(name) && (policy.required.length === 0 || required(name));

  const newestRun = new Map<string, CheckRunFact>();
  for (const run of facts.checkRuns) {
    if (isSelf(run, policy.self)) continue;
    const seen = newestRun.get(run.name);
    if (!seen || newer(run, seen)) newestRun.set(run.name, run);
  }
  const newestStatus = new Map<string, StatusFact>();
  for (const status of facts.statuses) {
    const seen = newestStatus.get(status.context);
    if (!seen || (Date.parse(status.updatedAt ?? '') || 0) > (Date.parse(seen.updatedAt ?? '') || 0)) {
      newestStatus.set(status.context, status);
    }
  }

  const checks: JudgedCheck[] = [];
  for (const run of newestRun.values()) {
    if (!considered(run.name)) continue;
    checks.push({
      name: run.name,
      kind: 'check run',
      state: checkRunState(run),
      outcome: run.status === 'completed' ? (run.conclusion ?? 'completed') : run.status,
      ...(run.url ? { url: run.url } : {}),
    });
  }
  for (const status of newestStatus.values()) {
    if (!considered(status.context)) continue;
    checks.push({
      name: status.context,
      kind: 'status',
      state: statusState(status.state),
      outcome: status.state,
      ...(status.url ? { url: status.url } : {}),
    });
  }
  checks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.kind < b.kind ? -1 : 1));

  const missing = policy.required.filter((glob) => {
    const matches = nameMatcher([glob]);
    return !checks.some((check) => matches(check.name));
  });
  const none = policy.required.length === 0 && checks.length === 0;
  const state: CheckState = checks.some((check) => check.state === 'fail')
    ? 'fail'
    : missing.length > 0 || none || checks.some((check) => check.state === 'pending')
      ? 'pending'
      : 'pass';
  return { state, checks, missing, none };
}

/**
 * One line for the report: what passed, failed, or is still awaited. `polling` while the wait goes on,
 * `timed-out` when it ran out, `at-once` when `wait` is 0.
 */
export function describeChecks(
  verdict: ChecksVerdict,
  phase: 'polling' | 'timed-out' | 'at-once',
  links = false,
): string {
  // In the summary a failed or awaited check links to its run, and names and outcomes are text, never Markdown.
  const text = links ? mdText : (value: string) => value;
  const named = (check: JudgedCheck) => (links ? mdLink(check.name, check.url) : check.name);
  const failed = verdict.checks.filter((check) => check.state === 'fail');
  const pending = verdict.checks.filter((check) => check.state === 'pending');
  const passed = verdict.checks.filter((check) => check.state === 'pass');
  if (failed.length > 0) {
    return `failed: ${failed.map((check) => `${named(check)} (${text(check.outcome)})`).join(', ')}`;
  }
  if (verdict.none) {
    return phase === 'polling'
      ? 'no check runs or statuses yet'
      : 'no CI ran on this commit (no check runs or statuses appeared)';
  }
  if (verdict.missing.length > 0 || pending.length > 0) {
    const awaited = [
      ...pending.map((check) => `${named(check)} (${text(check.outcome)})`),
      ...verdict.missing.map((glob) => `${text(glob)} (not created)`),
    ];
    const lead = { polling: 'waiting for', 'timed-out': 'gave up waiting for', 'at-once': 'not finished' }[phase];
    return `${lead}: ${awaited.join(', ')}`;
  }
  return `${passed.length} passed: ${passed.map((check) => text(check.name)).join(', ')}`;
}
