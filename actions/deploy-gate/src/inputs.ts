// The deploy gate's inputs: one zod schema whose keys are exactly action.yml's inputs, and the
// cross-input rules (integrity needs a path and a minimum, rollbacks need a reason) checked before any request.
import picomatch from 'picomatch';
import { z } from 'zod';
import { UserError } from '../../../src/kernel/errors.ts';
import { allowedRootsFromEnv, resolveInputPath } from '../../../src/kernel/files.ts';
import { parseJsonPath } from '../../../src/kernel/http/json-path.ts';
import {
  boolean,
  duration,
  integer,
  list,
  oneOf,
  parseInputs,
  type RawInputs,
  yaml,
} from '../../../src/kernel/inputs.ts';
import { SEVERITY_ALIASES, SEVERITY_HINT, type Severity } from '../../../src/kernel/severity.ts';
import { type FreezeWindow, freezeWindowsSchema } from './freeze.ts';

const SHA = /^[0-9a-f]{40}$/i;
const MIN_SECRET_LENGTH = 4;
const MAX_WAIT_MS = 5 * 86_400_000;
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * Splits a list of names or globs at line breaks and at commas outside brackets, so a matrix job's
 * check run (`test (ubuntu-latest, 20)`) and a brace glob (`*.{ts,js}`) stay one item.
 */
export function splitGlobList(text: string): string[] {
  const items: string[] = [];
  let current = '';
  let depth = 0;
  for (const character of text) {
    if (character === '\n' || character === '\r' || (character === ',' && depth === 0)) {
      items.push(current);
      current = '';
      depth = 0;
      continue;
    }
    if (character === '(' || character === '[' || character === '{') depth++;
    else if ((character === ')' || character === ']' || character === '}') && depth > 0) depth--;
    current += character;
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/** A list of globs that must all compile (picomatch with unbalanced brackets throws). */
function globs() {
  return z.string().transform((text, context) => {
    const items = splitGlobList(text);
    for (const glob of items) {
      try {
        picomatch(glob, { strictBrackets: true });
      } catch (error) {
        context.addIssue({
          code: 'custom',
          message: `the glob "${glob}" does not compile: ${(error as Error).message}.`,
        });
        return z.NEVER;
      }
    }
    return items;
  });
}

function decimal() {
  return z.string().transform((text, context) => {
    if (!NUMBER.test(text) || !Number.isFinite(Number(text))) {
      context.addIssue({ code: 'custom', message: 'expected a number such as 0.95.' });
      return z.NEVER;
    }
    return Number(text);
  });
}

const headerMap = z.record(
  z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'expected an HTTP header name.'),
  z.union([z.string(), z.number(), z.boolean()], { error: 'expected a text value.' }).transform(String),
);

export const deployGateInputSchema = z
  .object({
    mode: oneOf({ deploy: 'deploy', rollback: 'rollback' }, 'deploy or rollback').default('deploy'),
    sha: z.string().regex(SHA, 'expected a commit sha of 40 hex characters.').optional(),
    environment: z.string().max(255, 'expected at most 255 characters.').default('production'),
    'required-checks': globs().default([]),
    'ignore-checks': globs().default([]),
    'check-run-id': integer({ min: 1 }).optional(),
    // A job runs at most 5 days; longer times would also pass Node's timer limit (2^31 ms) and poll at once.
    wait: duration()
      .refine((ms) => ms <= MAX_WAIT_MS, 'expected at most 5d (a job runs at most 5 days).')
      .default(20 * 60_000),
    'poll-interval': duration()
      .refine((ms) => ms >= 1000, 'expected at least 1s.')
      .refine((ms) => ms <= MAX_WAIT_MS, 'expected at most 5d (a job runs at most 5 days).')
      .default(15_000),
    'required-approvals': integer({ min: 0, max: 100 }).default(0),
    'integrity-url': z.string().optional(),
    'integrity-headers': yaml(headerMap).optional(),
    'integrity-path': z
      .string()
      .refine((text) => parseJsonPath(text).ok, 'expected $ followed by .key and [index] parts, e.g. $.scores.mii.')
      .optional(),
    'integrity-min': decimal().optional(),
    'integrity-warn': decimal().optional(),
    'backup-destination': z.string().optional(),
    'backup-name': z
      .string()
      .regex(/^(?!\.{1,2}$)[A-Za-z0-9._-]+$/, 'expected a series name of letters, digits, dots, dashes or underscores.')
      .optional(),
    'max-backup-age': duration().default(24 * 3_600_000),
    'block-severities': list()
      .transform((items, context) => {
        const severities: Severity[] = [];
        for (const item of items) {
          const key = item.toLowerCase();
          if (!Object.hasOwn(SEVERITY_ALIASES, key)) {
            context.addIssue({ code: 'custom', message: `"${item}" is not a severity: expected ${SEVERITY_HINT}.` });
            return z.NEVER;
          }
          severities.push(SEVERITY_ALIASES[key]);
        }
        return [...new Set(severities)];
      })
      .default([]),
    freeze: yaml(freezeWindowsSchema).optional(),
    'override-freeze': boolean().default(false),
    reason: z.string().max(1000, 'expected at most 1000 characters.').optional(),
    target: z
      .string()
      .regex(/^[A-Za-z0-9._/-]+$/, 'expected a commit sha or a ref (branch or tag name).')
      .refine((text) => !text.includes('..'), 'expected a commit sha or a ref, not a range.')
      .optional(),
    paths: globs().default([]),
    'dry-run': boolean().default(false),
    token: z.string().default(''),
  })
  .superRefine((inputs, context) => {
    const issue = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
    if (inputs['integrity-url']) {
      if (!inputs['integrity-path']) issue('integrity-path', 'is required when integrity-url is set.');
      if (inputs['integrity-min'] === undefined) issue('integrity-min', 'is required when integrity-url is set.');
    }
    const min = inputs['integrity-min'];
    const warn = inputs['integrity-warn'];
    if (min !== undefined && warn !== undefined && warn < min) {
      issue('integrity-warn', `must be at least integrity-min (${min}).`);
    }
    if (Boolean(inputs['backup-destination']) !== Boolean(inputs['backup-name'])) {
      issue(
        inputs['backup-name'] ? 'backup-destination' : 'backup-name',
        'backup-destination and backup-name go together.',
      );
    }
    if (inputs['override-freeze'] && !inputs.reason) issue('reason', 'is required with override-freeze: say why.');
    if (inputs.mode === 'rollback' && !inputs.reason) issue('reason', "is required when mode is 'rollback': say why.");
    if (inputs.mode === 'deploy' && !inputs.sha) issue('sha', 'is required (the default is the workflow commit).');
  });

export type DeployGateInputs = z.output<typeof deployGateInputSchema>;
export const DEPLOY_GATE_INPUT_NAMES = Object.keys(deployGateInputSchema.shape);

export type IntegritySource = { kind: 'url'; url: string } | { kind: 'file'; path: string; given: string };

export interface IntegrityConfig {
  source: IntegritySource;
  headers: Record<string, string>;
  path: string;
  min: number;
  warn?: number;
}

export interface BackupConfig {
  destination: { kind: 'folder'; path: string } | { kind: 's3'; url: string };
  name: string;
  maxAgeMs: number;
}

export interface DeployGateConfig {
  mode: 'deploy' | 'rollback';
  /** The commit to judge in deploy mode; in rollback mode the resolved target replaces it. */
  sha?: string;
  environment: string;
  requiredChecks: string[];
  ignoreChecks: string[];
  checkRunId?: number;
  waitMs: number;
  pollIntervalMs: number;
  requiredApprovals: number;
  integrity?: IntegrityConfig;
  backup?: BackupConfig;
  blockSeverities: Severity[];
  freeze: FreezeWindow[];
  overrideFreeze: boolean;
  reason?: string;
  target?: string;
  paths: string[];
  dryRun: boolean;
  token: string;
  /** Values never to be shown (integrity header values of 4 characters or more). */
  secrets: string[];
  /** Integrity headers whose values are too short to mask (a warning names them). */
  shortHeaderValues?: string[];
}

/** Parses every input; a problem is a UserError naming the input, raised before any request. */
export function readConfig(raw: RawInputs, env: NodeJS.ProcessEnv = process.env): DeployGateConfig {
  const inputs = parseInputs(deployGateInputSchema, raw, { secrets: ['token', 'integrity-headers'] });
  const headers = inputs['integrity-headers'] ?? {};
  let integrity: IntegrityConfig | undefined;
  const url = inputs['integrity-url'];
  if (url && inputs['integrity-path'] && inputs['integrity-min'] !== undefined) {
    const source: IntegritySource = /^https?:\/\//i.test(url)
      ? { kind: 'url', url: checkedUrl(url) }
      : (() => {
          // Read when the gate runs (an earlier step may write it); the path policy is checked now.
          const resolved = resolveInputPath('integrity-url', url, 'writable-file', allowedRootsFromEnv(env));
          return { kind: 'file' as const, path: resolved.path, given: url };
        })();
    integrity = {
      source,
      headers,
      path: inputs['integrity-path'],
      min: inputs['integrity-min'],
      ...(inputs['integrity-warn'] !== undefined ? { warn: inputs['integrity-warn'] } : {}),
    };
  }
  let backup: BackupConfig | undefined;
  const destination = inputs['backup-destination'];
  const name = inputs['backup-name'];
  if (destination && name) {
    backup = {
      destination: /^s3:\/\//i.test(destination)
        ? { kind: 's3', url: destination }
        : {
            kind: 'folder',
            path: resolveInputPath('backup-destination', destination, 'writable-folder', allowedRootsFromEnv(env)).path,
          },
      name,
      maxAgeMs: inputs['max-backup-age'],
    };
    if (backup.destination.kind === 'folder' && /^[a-z][a-z0-9+.-]*:\/\//i.test(destination)) {
      throw new UserError(`Input 'backup-destination' was "${destination}": expected a folder or s3://bucket/prefix.`);
    }
  }
  return {
    mode: inputs.mode,
    ...(inputs.sha ? { sha: inputs.sha.toLowerCase() } : {}),
    environment: inputs.environment,
    requiredChecks: inputs['required-checks'],
    ignoreChecks: inputs['ignore-checks'],
    ...(inputs['check-run-id'] !== undefined ? { checkRunId: inputs['check-run-id'] } : {}),
    waitMs: inputs.wait,
    pollIntervalMs: inputs['poll-interval'],
    requiredApprovals: inputs['required-approvals'],
    ...(integrity ? { integrity } : {}),
    ...(backup ? { backup } : {}),
    blockSeverities: inputs['block-severities'],
    freeze: inputs.freeze ?? [],
    overrideFreeze: inputs['override-freeze'],
    ...(inputs.reason ? { reason: inputs.reason } : {}),
    ...(inputs.target ? { target: inputs.target } : {}),
    paths: inputs.paths,
    dryRun: inputs['dry-run'],
    token: inputs.token,
    // As in smoke-test: a value under 4 characters is no secret (masking "42" would hide every 42 in the log).
    secrets: Object.values(headers).filter((value) => value.length >= MIN_SECRET_LENGTH),
    shortHeaderValues: Object.entries(headers)
      .filter(([, value]) => value.length > 0 && value.length < MIN_SECRET_LENGTH)
      .map(([name]) => name),
  };
}

function checkedUrl(text: string): string {
  try {
    return new URL(text).href;
  } catch {
    throw new UserError(`Input 'integrity-url' was "${text}": expected an http(s) URL or a file in the workspace.`);
  }
}
