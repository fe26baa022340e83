// The time windows users write — the gate's freeze windows and the status page's maintenance windows:
// a cron pair in a time zone (as GitLab's deploy freezes) or an absolute interval. One zod schema
// builder, so both inputs accept the same shapes, refuse them with the same messages (path and line
// through the kernel's YAML reader) and generate the same JSON Schema for editors.
import { z } from 'zod';
import { cronProblem, isTimeZone } from './cron.ts';

export interface CronWindow {
  kind: 'cron';
  /** Five-field cron expressions: the window opens at `start` and closes at the next `end`. */
  start: string;
  end: string;
  timezone: string;
}

export interface AbsoluteWindow {
  kind: 'absolute';
  /** `[from, to)`. */
  from: Date;
  to: Date;
}

export type TimeWindow<Extra = object> = (CronWindow | AbsoluteWindow) & Extra;

// A zone is required: a bare local time would mean the runner's zone, which is UTC by accident.
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ZONED_TIME_HINT = 'expected a time with a zone, e.g. 2026-12-24T00:00:00Z';
const CRON_HINT = 'expected a cron expression of five fields such as "0 16 * * 5"';

function zonedTime(description: string) {
  return z
    .string({ error: ZONED_TIME_HINT })
    .regex(ZONED_TIME, ZONED_TIME_HINT)
    .transform((text, ctx) => {
      const time = new Date(text);
      if (Number.isNaN(time.getTime())) {
        ctx.addIssue({ code: 'custom', message: ZONED_TIME_HINT });
        return z.NEVER;
      }
      return time;
    })
    .meta({ description });
}

function cron(description: string, example: string) {
  return z.string({ error: CRON_HINT }).meta({ description, examples: [example] });
}

/**
 * The schemas of one kind of window list. `extra` holds the fields this kind adds to both shapes
 * (`reason` for a freeze, `title` and `checks` for maintenance); `names` words the "expected" message.
 */
export function windowSchemas<Extra extends z.core.$ZodLooseShape>(extra: Extra, names: string) {
  const cronWindow = z
    .strictObject({
      ...extra,
      start: cron('When the window opens (minute hour day month weekday).', '0 16 * * 5'),
      end: cron('When it closes: the first time after start that this matches.', '0 8 * * 1'),
      timezone: z
        .string()
        .default('UTC')
        .meta({ description: 'IANA time zone the cron pair is read in.', examples: ['Europe/Berlin'] }),
    })
    .superRefine((fields, ctx) => {
      const window = fields as unknown as Omit<CronWindow, 'kind'>;
      // A start or end that is not text has been reported already.
      if (typeof window.start !== 'string' || typeof window.end !== 'string') return;
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
    .meta({ title: 'cron pair', description: 'Active from the most recent start until the end after it.' });

  const absoluteWindow = z
    .strictObject({
      ...extra,
      from: zonedTime('Start of the window (inclusive).'),
      to: zonedTime('End of the window (exclusive); later than from.'),
    })
    .refine(
      (fields) => {
        const window = fields as unknown as Omit<AbsoluteWindow, 'kind'>;
        // A from or to that failed its own check has been reported already.
        if (!(window.from instanceof Date && window.to instanceof Date)) return true;
        return window.to.getTime() > window.from.getTime();
      },
      { path: ['to'], message: 'must be later than from' },
    )
    .meta({ title: 'absolute window', description: 'Active from `from` (inclusive) to `to` (exclusive).' });

  const expected = `expected a window: {start, end, timezone${names}} (cron pair) or {from, to${names}}`;
  // Which shape is meant follows from its keys, so a mistake is reported against that shape alone
  // (a union would list both shapes' complaints).
  const item = z.unknown().transform((value, ctx) => {
    const fields = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
    const has = (key: string) => fields !== undefined && Object.hasOwn(fields, key);
    const schema = has('from') || has('to') ? absoluteWindow : has('start') || has('end') ? cronWindow : undefined;
    if (!schema) {
      ctx.addIssue({ code: 'custom', message: expected });
      return z.NEVER;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      // Re-raised as they are (unknown keys stay unknown keys), so the YAML reader points at the line.
      for (const issue of parsed.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
      return z.NEVER;
    }
    const kind = schema === absoluteWindow ? 'absolute' : 'cron';
    return { kind, ...parsed.data } as TimeWindow<z.output<z.ZodObject<Extra>>>;
  });

  return {
    /** The list an input holds. */
    list: z.array(item),
    /** The list as JSON Schema describes it (input side: what a user writes). */
    documented: z.array(z.union([cronWindow, absoluteWindow])),
  };
}
