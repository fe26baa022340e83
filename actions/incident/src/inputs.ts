// The incident action's inputs: one zod schema whose keys are exactly action.yml's inputs, and
// `readConfig`, which also loads the post-mortem template through the kernel's file policy.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from '../../../src/kernel/errors.ts';
import { type AllowedRoots, allowedRootsFromEnv, resolveInputPath } from '../../../src/kernel/files.ts';
import { integer, list, oneOf, parseInputs, type RawInputs } from '../../../src/kernel/inputs.ts';
import { SEVERITY_ALIASES, SEVERITY_HINT } from '../../../src/kernel/severity.ts';
import { FINGERPRINT_HINT, FINGERPRINT_PATTERN } from './fingerprint.ts';
import { DEFAULT_POSTMORTEM_TEMPLATE, PLACEHOLDERS, unknownPlaceholders } from './postmortem.ts';

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;
const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;

export const incidentInputSchema = z
  .object({
    mode: oneOf({ open: 'open', resolve: 'resolve' }, 'open or resolve').default('open'),
    title: z.string().max(200, 'expected at most 200 characters.').optional(),
    severity: oneOf(SEVERITY_ALIASES, SEVERITY_HINT).default('sev3'),
    fingerprint: z.string().regex(FINGERPRINT_PATTERN, `expected ${FINGERPRINT_HINT}.`).optional(),
    source: z
      .string()
      .regex(SOURCE, 'expected one word (deploy-gate, smoke-test, backup, manual or another): letters, digits, . _ -.')
      .default('manual'),
    summary: z.string().optional(),
    environment: z.string().max(100, 'expected at most 100 characters.').optional(),
    labels: list()
      .pipe(z.array(z.string().max(50, 'expected label names of at most 50 characters.')))
      .default([]),
    assignees: list()
      .pipe(z.array(z.string().regex(LOGIN, 'expected GitHub logins separated by commas or newlines.')))
      .default([]),
    'issue-number': integer({ min: 1 }).optional(),
    resolution: z.string().optional(),
    'postmortem-template': z.string().optional(),
    token: z.string(),
  })
  .superRefine((config, context) => {
    if (config.mode === 'open' && !config.title) {
      context.addIssue({ code: 'custom', path: ['title'], message: "is required when mode is 'open'." });
    }
    if (config.mode === 'resolve' && !config.fingerprint && !config.title && config['issue-number'] === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['fingerprint'],
        message: "mode 'resolve' needs the record: give fingerprint, title or issue-number.",
      });
    }
  });

export type IncidentInputs = z.output<typeof incidentInputSchema>;
export const INCIDENT_INPUT_NAMES = Object.keys(incidentInputSchema.shape);

export interface IncidentConfig extends IncidentInputs {
  /** The post-mortem template's text: the built-in one unless `postmortem-template` names a file. */
  postmortemTemplate: string;
}

/** Parses inputs and loads the template; every problem is a UserError raised before any request. */
export function readConfig(raw: RawInputs, roots: AllowedRoots = allowedRootsFromEnv()): IncidentConfig {
  const inputs = parseInputs(incidentInputSchema, raw, { secrets: ['token'] });
  return { ...inputs, postmortemTemplate: loadTemplate(inputs['postmortem-template'], roots) };
}

function loadTemplate(given: string | undefined, roots: AllowedRoots): string {
  if (!given) return DEFAULT_POSTMORTEM_TEMPLATE;
  const { path } = resolveInputPath('postmortem-template', given, 'readable-file', roots);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`Input 'postmortem-template' was "${given}": ${(error as Error).message}.`);
  }
  const unknown = unknownPlaceholders(text);
  if (unknown.length > 0) {
    const where = unknown.map((problem) => `{{${problem.name}}} at line ${problem.line}`).join(', ');
    throw new UserError(
      `Input 'postmortem-template' was "${given}": unknown placeholder ${where}; allowed: ${PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}.`,
    );
  }
  return text;
}
