// Scheduled maintenance periods: the pure rule that turns windows (a cron pair in a time zone, or an
// absolute `from`/`to`, as the deploy gate's freeze windows) into concrete periods.
import { Cron } from 'croner';
import type { MaintenancePeriod, MaintenanceWindow } from './model.ts';

/** More occurrences than this in the window is a mistake (a start cron every minute), not a schedule. */
const MAX_PERIODS = 20_000;

/**
 * Every period of the windows that overlaps `[from, to)`. A cron window's period runs from a start
 * occurrence to the next end occurrence after it; a period already going on at `from` is included.
 */
export function maintenancePeriods(windows: readonly MaintenanceWindow[], from: Date, to: Date): MaintenancePeriod[] {
  const periods: MaintenancePeriod[] = [];
  for (const window of windows) {
    if (window.kind === 'absolute') {
      const start = window.from;
      const end = window.to;
      if (start < to && end > from) periods.push({ title: window.title, checks: window.checks, start, end });
      continue;
    }
    const options = { timezone: window.timezone, paused: true, mode: '5-part' as const };
    const starts = new Cron(window.start, options);
    const ends = new Cron(window.end, options);
    // A period that began before `from` and is still on: its start is the last start before `from`.
    let cursor: Date | null | undefined = starts.previousRuns(1, from)[0] ?? starts.nextRun(from);
    let count = 0;
    while (cursor && cursor < to && count < MAX_PERIODS) {
      const end = ends.nextRun(cursor);
      if (!end) break;
      if (end > from) periods.push({ title: window.title, checks: window.checks, start: cursor, end });
      count++;
      cursor = starts.nextRun(end) ?? undefined;
    }
  }
  return periods.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The periods that apply to `check`, as sorted `[start, end)` millisecond pairs merged where they overlap. */
export function periodsFor(check: string, periods: readonly MaintenancePeriod[]): Array<[number, number]> {
  const ranges = periods
    .filter((period) => period.checks.length === 0 || period.checks.includes(check))
    .map((period): [number, number] => [period.start.getTime(), period.end.getTime()])
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}
