// The status page's decisions, pure functions of samples, windows, records and a clock: daily and
// window uptime (maintenance excluded, no samples is "no data"), each check's state, the banner.
import type { Severity } from '../../../src/kernel/severity.ts';
import type { RoundSample } from '../../../src/kernel/status-history.ts';
import { periodsFor } from './maintenance.ts';
import type {
  CheckSpec,
  CheckStatus,
  ComponentStatus,
  DayFigures,
  IncidentView,
  MaintenancePeriod,
  StatusModel,
} from './model.ts';

const DAY_MS = 86_400_000;
/** A check whose newest sample is older than this many intervals is stale. */
export const STALE_INTERVALS = 3;
/** Maintenance is listed from now until this far ahead. */
export const UPCOMING_MS = 7 * DAY_MS;

const RANK: Readonly<Record<ComponentStatus, number>> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

/** The worse of the states (an outage is worse than maintenance, maintenance worse than operational). */
export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const status of statuses) if (RANK[status] > RANK[worst]) worst = status;
  return worst;
}

/** What an open incident of a severity means for the components it affects. */
export function incidentImpact(severity: Severity): ComponentStatus {
  if (severity === 'sev1') return 'major_outage';
  if (severity === 'sev2') return 'partial_outage';
  return 'degraded_performance';
}

/**
 * A check's state from its newest verdicts outside maintenance (oldest first, at most 3 used): the last two failed is a
 * major outage, the last one a partial outage, a failure among the last three degraded; during
 * maintenance it is under maintenance; stale data is never better than degraded; an open incident
 * tied to the check raises it to the incident's impact.
 */
export function componentStatus(facts: {
  recent: ReadonlyArray<'passed' | 'failed'>;
  inMaintenance: boolean;
  stale: boolean;
  incidentSeverities: readonly Severity[];
}): ComponentStatus {
  if (facts.inMaintenance) return 'under_maintenance';
  const recent = facts.recent.slice(-3);
  const last = recent.length;
  let status: ComponentStatus = 'operational';
  if (last >= 2 && recent[last - 1] === 'failed' && recent[last - 2] === 'failed') status = 'major_outage';
  else if (recent[last - 1] === 'failed') status = 'partial_outage';
  else if (recent.includes('failed')) status = 'degraded_performance';
  const raised: ComponentStatus[] = [status, ...facts.incidentSeverities.map(incidentImpact)];
  if (facts.stale || last === 0) raised.push('degraded_performance');
  return worstStatus(raised);
}

/** The UTC days of the window ending today: `days` dates, oldest first, and the first day's midnight. */
export function windowDays(now: Date, days: number): { start: Date; dates: string[] } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const startMs = today - (days - 1) * DAY_MS;
  const dates: string[] = [];
  for (let index = 0; index < days; index++) dates.push(new Date(startMs + index * DAY_MS).toISOString().slice(0, 10));
  return { start: new Date(startMs), dates };
}

/** An uptime as a percentage with two decimals, cut (never rounded up): one failure never shows 100.00%. */
export function formatUptime(uptime: number | null): string {
  if (uptime === null) return 'no data';
  const hundredths = Math.floor(uptime * 10_000 + 1e-9);
  return `${(hundredths / 100).toFixed(2)}%`;
}

/** A name safe as a file name and unique among `taken`: lower case letters, digits, `.`, `_`, `-`. */
export function slugFor(name: string, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 60) || 'check';
  let slug = base;
  for (let suffix = 2; taken.has(slug); suffix++) slug = `${base}-${suffix}`;
  taken.add(slug);
  return slug;
}

function inRanges(time: number, ranges: ReadonlyArray<[number, number]>): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = ranges[middle];
    if (time < start) high = middle - 1;
    else if (time >= end) low = middle + 1;
    else return true;
  }
  return false;
}

export interface SummaryInput {
  title: string;
  /** Configured checks; when empty, every check named in the samples, by name. */
  checks: readonly CheckSpec[];
  /** Read once, in any order. */
  samples: Iterable<RoundSample>;
  periods: readonly MaintenancePeriod[];
  /** Open and resolved records (resolved ones outside the window are dropped). */
  incidents: readonly IncidentView[];
  now: Date;
  days: number;
  intervalMs: number;
  skippedLines?: number;
}

interface Tally {
  days: DayFigures[];
  lastMs: number;
  lastVerdict?: 'passed' | 'failed';
  /** The newest three samples, oldest first. */
  recent: Array<{ ms: number; verdict: 'passed' | 'failed' }>;
  ranges: Array<[number, number]>;
}

/** Everything the page shows, decided from the facts. */
export function summarise(input: SummaryInput): StatusModel {
  const { now, days, intervalMs } = input;
  const nowMs = now.getTime();
  const { start, dates } = windowDays(now, days);
  const startMs = start.getTime();
  const configured = input.checks.length > 0;
  const tallies = new Map<string, Tally>();
  const newTally = (name: string): Tally => {
    const tally: Tally = {
      days: dates.map((date) => ({ date, rounds: 0, passed: 0, failed: 0, maintenance: 0, uptime: null })),
      lastMs: Number.NEGATIVE_INFINITY,
      recent: [],
      ranges: periodsFor(name, input.periods),
    };
    tallies.set(name, tally);
    return tally;
  };
  for (const spec of input.checks) newTally(spec.name);

  // One pass over the samples (they may come straight from the files, never all held at once).
  // A round's samples share one time string: it is parsed once per round.
  let lastTime = '';
  let lastTimeMs = 0;
  for (const sample of input.samples) {
    const tally = tallies.get(sample.check) ?? (configured ? undefined : newTally(sample.check));
    if (!tally) continue;
    if (sample.time !== lastTime) {
      lastTime = sample.time;
      lastTimeMs = Date.parse(sample.time);
    }
    const ms = lastTimeMs;
    if (ms > nowMs) continue;
    if (ms > tally.lastMs) {
      tally.lastMs = ms;
      tally.lastVerdict = sample.verdict;
    }
    const inMaintenance = tally.ranges.length > 0 && inRanges(ms, tally.ranges);
    const recent = tally.recent;
    // Rounds during maintenance say nothing about the service's state afterwards either.
    if (!inMaintenance && (recent.length < 3 || ms > recent[0].ms)) {
      let at = recent.length;
      while (at > 0 && recent[at - 1].ms > ms) at--;
      recent.splice(at, 0, { ms, verdict: sample.verdict });
      if (recent.length > 3) recent.shift();
    }
    const index = Math.floor((ms - startMs) / DAY_MS);
    if (index < 0 || index >= days) continue;
    const day = tally.days[index];
    day.rounds++;
    if (inMaintenance) day.maintenance++;
    else if (sample.verdict === 'passed') day.passed++;
    else day.failed++;
  }

  const open = input.incidents.filter((incident) => incident.state !== 'resolved');
  const past = input.incidents
    .filter(
      (incident) => incident.state === 'resolved' && Date.parse(incident.resolvedAt ?? incident.createdAt) >= startMs,
    )
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const specs: CheckSpec[] = configured
    ? [...input.checks]
    : [...tallies.keys()].sort((a, b) => a.localeCompare(b)).map((name) => ({ name, title: name, fingerprints: [] }));
  const taken = new Set<string>();
  let newest = Number.NEGATIVE_INFINITY;
  const checks: CheckStatus[] = specs.map((spec) => {
    const tally = tallies.get(spec.name) as Tally;
    let counted = 0;
    let passed = 0;
    for (const day of tally.days) {
      const dayCounted = day.passed + day.failed;
      day.uptime = dayCounted === 0 ? null : day.passed / dayCounted;
      counted += dayCounted;
      passed += day.passed;
    }
    const hasSample = Number.isFinite(tally.lastMs);
    if (hasSample && tally.lastMs > newest) newest = tally.lastMs;
    const stale = !hasSample || nowMs - tally.lastMs > STALE_INTERVALS * intervalMs;
    const tied = open.filter((incident) => incident.fingerprint && spec.fingerprints.includes(incident.fingerprint));
    return {
      spec,
      slug: slugFor(spec.name, taken),
      status: componentStatus({
        recent: tally.recent.map((entry) => entry.verdict),
        inMaintenance: inRanges(nowMs, tally.ranges),
        stale,
        incidentSeverities: tied.map((incident) => incident.severity),
      }),
      stale,
      ...(hasSample ? { lastSampleAt: new Date(tally.lastMs).toISOString(), lastVerdict: tally.lastVerdict } : {}),
      days: tally.days,
      uptime: counted === 0 ? null : passed / counted,
      counted,
      passed,
      incidents: tied.map((incident) => incident.number),
    };
  });

  const hasNewest = Number.isFinite(newest);
  return {
    title: input.title,
    generatedAt: now.toISOString(),
    windowStart: start.toISOString(),
    days,
    intervalMs,
    status: worstStatus([
      ...checks.map((check) => check.status),
      ...open.map((incident) => incidentImpact(incident.severity)),
    ]),
    ...(hasNewest ? { lastSampleAt: new Date(newest).toISOString() } : {}),
    stale: !hasNewest || nowMs - newest > STALE_INTERVALS * intervalMs,
    checks,
    openIncidents: open.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)),
    pastIncidents: past,
    maintenance: input.periods
      .filter((period) => period.end.getTime() > nowMs && period.start.getTime() < nowMs + UPCOMING_MS)
      .map((period) => ({ ...period, active: period.start.getTime() <= nowMs })),
    skippedLines: input.skippedLines ?? 0,
  };
}
