// The status page's inputs: one zod schema whose keys are exactly action.yml's inputs.
import { z } from 'zod';
import { type AllowedRoots, resolveInputPath } from '../../../src/kernel/files.ts';
import { duration, integer, parseInputs, type RawInputs, yaml } from '../../../src/kernel/inputs.ts';
import { once } from '../../../src/kernel/once.ts';
import { historyBranchProblem } from '../../../src/kernel/status-history.ts';
import { maintenanceSchema } from './maintenance-schema.ts';
import type { CheckSpec, MaintenanceWindow } from './model.ts';

export const STATUS_PAGE_INPUT_NAMES = [
  'history-branch',
  'output-dir',
  'title',
  'checks',
  'maintenance',
  'days',
  'interval',
  'token',
] as const;

const checksSchema = once(() =>
  z
    .array(
      z.strictObject({
        name: z.string().min(1).max(100),
        title: z.string().min(1).max(100).optional(),
        description: z.string().max(500).optional(),
        fingerprints: z.array(z.string().min(1)).default([]),
      }),
    )
    .superRefine((checks, ctx) => {
      const seen = new Set<string>();
      checks.forEach((check, index) => {
        if (seen.has(check.name))
          ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `'${check.name}' is listed twice` });
        seen.add(check.name);
      });
    })
    .transform((checks): CheckSpec[] =>
      checks.map((check) => ({
        name: check.name,
        title: check.title ?? check.name,
        ...(check.description ? { description: check.description } : {}),
        fingerprints: check.fingerprints,
      })),
    ),
);

const MAX_INTERVAL_MS = 24 * 3_600_000;

export const statusPageInputSchema = z.object({
  'history-branch': z
    .string()
    .superRefine((name, ctx) => {
      const problem = historyBranchProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .default('status-data'),
  'output-dir': z.string().default('status-site'),
  title: z.string().max(100, 'expected at most 100 characters.').default('Service status'),
  checks: yaml(checksSchema).default([]),
  maintenance: yaml(maintenanceSchema).default([]),
  days: integer({ min: 1, max: 366 }).default(90),
  interval: duration()
    .refine((ms) => ms >= 60_000 && ms <= MAX_INTERVAL_MS, 'expected an interval from 1m to 24h.')
    .default(15 * 60_000),
  token: z.string(),
});

export interface StatusPageConfig {
  historyBranch: string;
  /** Absolute, inside the workspace or RUNNER_TEMP. */
  outputDir: string;
  title: string;
  checks: CheckSpec[];
  maintenance: MaintenanceWindow[];
  days: number;
  intervalMs: number;
  token: string;
}

export function readConfig(raw: RawInputs, roots: AllowedRoots): StatusPageConfig {
  const parsed = parseInputs(statusPageInputSchema, raw, { secrets: ['token'] });
  const outputDir = resolveInputPath('output-dir', parsed['output-dir'], 'writable-folder', roots).path;
  return {
    historyBranch: parsed['history-branch'],
    outputDir,
    title: parsed.title,
    checks: parsed.checks,
    maintenance: parsed.maintenance,
    days: parsed.days,
    intervalMs: parsed.interval,
    token: parsed.token,
  };
}
