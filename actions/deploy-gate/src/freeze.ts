// Freeze windows (the shapes are the kernel's time windows, shared with the status page's maintenance)
// and the pure rule that says whether one is active at a given time.
import { Cron } from 'croner';
import { z } from 'zod';
import { once } from '../../../src/kernel/once.ts';
import { type TimeWindow, windowSchemas } from '../../../src/kernel/windows.ts';

const freezeWindows = once(() =>
  windowSchemas(
    {
      reason: z
        .union([z.string(), z.number()])
        .transform(String)
        .optional()
        .meta({ description: 'Why deploys are frozen; shown in the gate report.' }),
    },
    ', reason',
  ),
);

/** The `freeze` input: a list of cron pairs and absolute windows (built on first use). */
export const freezeWindowsSchema = () => freezeWindows().list;
/** The same list for JSON Schema (schema/freeze-windows.schema.json). */
export const documentedFreezeWindowsSchema = () => freezeWindows().documented;

export type FreezeWindow = TimeWindow<{ reason?: string }>;

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
