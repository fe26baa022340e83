// Freeze windows: a cron pair (`start`/`end` in a time zone, as GitLab's deploy freezes) or an absolute
// `from`/`to` interval, and the pure rule that says whether one is active at a given time.
import { Cron } from 'croner';
import { cronProblem, isTimeZone } from '../../../src/kernel/cron.ts';

export type FreezeWindow =
  | { kind: 'cron'; start: string; end: string; timezone: string; reason?: string }
  | { kind: 'absolute'; from: Date; to: Date; reason?: string };

const CRON_KEYS = ['start', 'end', 'timezone', 'reason'];
const ABSOLUTE_KEYS = ['from', 'to', 'reason'];

/** Checks one window from the `freeze` YAML list; returns an error text naming the bad field. */
export function parseFreezeWindow(value: unknown): FreezeWindow | { error: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { error: 'expected a window: {start, end, timezone, reason} or {from, to, reason}.' };
  }
  const fields = value as Record<string, unknown>;
  const reason = fields.reason === undefined || fields.reason === null ? undefined : String(fields.reason);
  if (Object.hasOwn(fields, 'start') || Object.hasOwn(fields, 'end')) {
    const unknown = Object.keys(fields).filter((key) => !CRON_KEYS.includes(key));
    if (unknown.length > 0)
      return { error: `unknown key ${unknown.map((k) => `'${k}'`).join(', ')} in a cron window.` };
    const timezone = fields.timezone === undefined ? 'UTC' : String(fields.timezone);
    if (!isTimeZone(timezone))
      return { error: `timezone "${timezone}" is not an IANA time zone (e.g. Europe/Berlin).` };
    for (const key of ['start', 'end'] as const) {
      const text = fields[key];
      if (typeof text !== 'string') return { error: `${key} must be a cron expression such as "0 16 * * 5".` };
      const why = cronProblem(text, timezone);
      if (why !== undefined) {
        return {
          error: `${key} "${text}" is not a cron expression of five fields (minute hour day month weekday): ${why}`,
        };
      }
    }
    return {
      kind: 'cron',
      start: fields.start as string,
      end: fields.end as string,
      timezone,
      ...(reason ? { reason } : {}),
    };
  }
  if (Object.hasOwn(fields, 'from') || Object.hasOwn(fields, 'to')) {
    const unknown = Object.keys(fields).filter((key) => !ABSOLUTE_KEYS.includes(key));
    if (unknown.length > 0) return { error: `unknown key ${unknown.map((k) => `'${k}'`).join(', ')} in a window.` };
    const from = timeOf(fields.from);
    const to = timeOf(fields.to);
    if (!from) return { error: 'from must be a time with a zone, e.g. 2026-12-24T00:00:00Z.' };
    if (!to) return { error: 'to must be a time with a zone, e.g. 2026-12-27T00:00:00Z.' };
    if (to.getTime() <= from.getTime()) return { error: 'to must be later than from.' };
    return { kind: 'absolute', from, to, ...(reason ? { reason } : {}) };
  }
  return { error: 'expected {start, end, timezone, reason} (cron pair) or {from, to, reason} (absolute window).' };
}

function timeOf(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  // A zone is required: a bare local time would mean the runner's zone, which is UTC by accident.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

export interface ActiveFreeze {
  window: FreezeWindow;
  /** When the current freeze began and when it ends (undefined when the cron pair never ends). */
  since: Date;
  until?: Date;
}

/**
 * The windows active at `now`. A cron window is active when its most recent `start` is later than
 * its most recent `end`; an absolute window when `from <= now < to`.
 */
export function activeFreezes(windows: readonly FreezeWindow[], now: Date): ActiveFreeze[] {
  const active: ActiveFreeze[] = [];
  for (const window of windows) {
    if (window.kind === 'absolute') {
      if (window.from.getTime() <= now.getTime() && now.getTime() < window.to.getTime()) {
        active.push({ window, since: window.from, until: window.to });
      }
      continue;
    }
    const start = new Cron(window.start, { timezone: window.timezone, paused: true, mode: '5-part' });
    const end = new Cron(window.end, { timezone: window.timezone, paused: true, mode: '5-part' });
    // previousRuns looks strictly before `from` in whole seconds: the next second makes a start at now count as begun.
    const probe = new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000);
    const lastStart = start.previousRuns(1, probe)[0];
    const lastEnd = end.previousRuns(1, probe)[0];
    if (lastStart && (!lastEnd || lastStart.getTime() > lastEnd.getTime())) {
      const until = end.nextRun(probe) ?? undefined;
      active.push({ window, since: lastStart, ...(until ? { until } : {}) });
    }
  }
  return active;
}

/** `0 16 * * 5 → 0 8 * * 1 (Europe/Berlin)` or `2026-12-24T00:00:00Z → 2026-12-27T00:00:00Z`. */
export function describeWindow(window: FreezeWindow): string {
  if (window.kind === 'cron') return `${window.start} → ${window.end} (${window.timezone})`;
  return `${iso(window.from)} → ${iso(window.to)}`;
}

export function iso(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}
