// The `maintenance` input's schema: windows written like the deploy gate's freeze windows, a cron pair
// in a time zone (`{title, checks, start, end, timezone}`) or an absolute `{title, checks, from, to}`.

import { z } from 'zod';
import { cronProblem, isTimeZone } from '../../../src/kernel/cron.ts';
import type { MaintenanceWindow } from './model.ts';

// A zone is required: a bare local time would mean the runner's zone, which is UTC by accident.
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const zonedTime = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const time = value instanceof Date ? value : ZONED_TIME.test(value) ? new Date(value) : undefined;
  if (!time || Number.isNaN(time.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'expected a time with a zone, e.g. 2026-12-24T00:00:00Z' });
    return z.NEVER;
  }
  return time;
});

const common = {
  title: z.string().min(1).max(200),
  checks: z.array(z.string().min(1)).default([]),
};

const cronWindow = z
  .strictObject({
    ...common,
    start: z.string(),
    end: z.string(),
    timezone: z.string().default('UTC'),
  })
  .superRefine((window, ctx) => {
    if (!isTimeZone(window.timezone)) {
      ctx.addIssue({
        code: 'custom',
        path: ['timezone'],
        message: `"${window.timezone}" is not an IANA time zone (e.g. Europe/Berlin)`,
      });
      return;
    }
    for (const key of ['start', 'end'] as const) {
      const problem = cronProblem(window[key], window.timezone);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `"${window[key]}" is not a cron expression of five fields (minute hour day month weekday): ${problem}`,
        });
      }
    }
  })
  .transform((window): MaintenanceWindow => ({ kind: 'cron', ...window }));

const absoluteWindow = z
  .strictObject({ ...common, from: zonedTime, to: zonedTime })
  .refine((window) => window.to.getTime() > window.from.getTime(), {
    path: ['to'],
    message: 'must be later than from',
  })
  .transform((window): MaintenanceWindow => ({ kind: 'absolute', ...window }));

/** The `maintenance` input: a list of `{title, checks?, start, end, timezone?}` or `{title, checks?, from, to}`. */
export const maintenanceSchema = z.array(
  z.unknown().transform((value, ctx): MaintenanceWindow => {
    const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    const fields = isObject ? (value as Record<string, unknown>) : {};
    const schema = Object.hasOwn(fields, 'from') || Object.hasOwn(fields, 'to') ? absoluteWindow : cronWindow;
    if (
      !isObject ||
      !(Object.hasOwn(fields, 'start') || Object.hasOwn(fields, 'from') || Object.hasOwn(fields, 'to'))
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected a window: {title, checks, start, end, timezone} (cron pair) or {title, checks, from, to}',
      });
      return z.NEVER;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
    return z.NEVER;
  }),
);
