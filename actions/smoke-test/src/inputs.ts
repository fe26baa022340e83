// The action's inputs (keys exactly as in action.yml) parsed into one typed config, checks
// included: every bad input stops here, before any request is sent.
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import { repositoryFromEnv } from '../../../src/kernel/context.ts';
import { formatDuration } from '../../../src/kernel/durations.ts';
import { UserError } from '../../../src/kernel/errors.ts';
import { duration, integer, parseInputs, readInputsFromEnv, yaml } from '../../../src/kernel/inputs.ts';
import { type CheckSpec, parseChecks } from './checks.ts';
import { plannedRounds, type WatchPolicy } from './watch.ts';

const httpUrl = z.string().refine((text) => {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}, 'expected an absolute http(s) URL such as https://shop.example.com');

const WORKFLOW_FILE = /^[\w.-]+\.ya?ml$/;

// GitHub's dispatch takes the workflow's file name or its numeric id; a path or a bare name is a 404
// that would only show when the watch trips, after the damage.
const workflowReference = z.string().superRefine((text, ctx) => {
  if (WORKFLOW_FILE.test(text) || /^\d+$/.test(text)) return;
  const file = basename(text);
  ctx.addIssue({
    code: 'custom',
    message:
      text.includes('/') && WORKFLOW_FILE.test(file)
        ? `expected a workflow file name like rollback.yml, not a path: write "${file}".`
        : 'expected a workflow file name like rollback.yml (ending in .yml or .yaml, no path), or a numeric workflow id.',
  });
});

const dispatchInputs = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean()], { error: 'expected text' }).transform(String),
  { error: 'expected a mapping of input names to values' },
);

export const inputSchema = z
  .object({
    checks: z.string().optional(),
    config: z.string().optional(),
    'base-url': httpUrl.optional(),
    timeout: duration()
      .refine((ms) => ms > 0, 'a timeout must be more than 0.')
      .default(10_000),
    retries: integer({ min: 0, max: 10 }).default(2),
    'retry-delay': duration().default(1_000),
    concurrency: integer({ min: 1, max: 100 }).default(8),
    watch: duration().default(0),
    interval: duration()
      .refine((ms) => ms >= 1_000, 'an interval must be at least 1s.')
      .default(60_000),
    'failure-threshold': integer({ min: 1, max: 1_000 }).default(3),
    'rollback-workflow': workflowReference.optional(),
    'rollback-ref': z.string().optional(),
    'rollback-inputs': yaml(dispatchInputs).optional(),
    junit: z.string().optional(),
    token: z.string().optional(),
  })
  .superRefine((inputs, ctx) => {
    if (inputs.checks !== undefined && inputs.config !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['config'], message: "give either 'checks' or 'config', not both." });
    }
    if (inputs.checks === undefined && inputs.config === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['checks'],
        message: "required: the checks as YAML, or a YAML file in 'config'.",
      });
    }
    if (inputs.watch > 0 && inputs.watch < inputs.interval) {
      ctx.addIssue({
        code: 'custom',
        path: ['watch'],
        message: `shorter than the interval (${formatDuration(inputs.interval)}): make it at least the interval, or 0 for one round.`,
      });
    }
    const rounds = plannedRounds(watchPolicyOf(inputs));
    if (inputs.watch >= inputs.interval && inputs['failure-threshold'] > rounds) {
      // A watch that can never trip would never roll back: almost certainly not what was meant.
      ctx.addIssue({
        code: 'custom',
        path: ['failure-threshold'],
        message: `${inputs['failure-threshold']} failed rounds in a row can never happen in a watch of ${rounds} round${rounds === 1 ? '' : 's'} (${formatDuration(inputs.watch)}, one every ${formatDuration(inputs.interval)}): lower it or lengthen the watch.`,
      });
    }
    if (inputs['rollback-workflow'] !== undefined && !inputs.token) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: "required to dispatch 'rollback-workflow'." });
    }
  });

export const INPUT_NAMES = Object.keys(inputSchema.shape);

export interface RollbackSpec {
  workflow: string;
  /** Undefined: the repository's default branch, looked up only when dispatching. */
  ref?: string;
  inputs: Record<string, string>;
  owner: string;
  repo: string;
}

export interface SmokeConfig {
  checks: CheckSpec[];
  retries: number;
  retryDelayMs: number;
  concurrency: number;
  watch: WatchPolicy;
  rollback?: RollbackSpec;
  /** Absolute path for the JUnit report. */
  junitPath?: string;
  token?: string;
  /** Values from the environment that went into headers or bodies. */
  secrets: string[];
  /** Variables used in headers or bodies whose values are too short to mask: warned about. */
  unmaskedVariables: string[];
}

function watchPolicyOf(inputs: { watch: number; interval: number; 'failure-threshold': number }): WatchPolicy {
  return { windowMs: inputs.watch, intervalMs: inputs.interval, failureThreshold: inputs['failure-threshold'] };
}

export interface ConfigSources {
  env: Readonly<Record<string, string | undefined>>;
  readFile?: (path: string) => string;
}

/** Reads INPUT_* (and the config file, when given) into a SmokeConfig, or throws a UserError naming every problem. */
export function readConfig({ env, readFile = (path) => readFileSync(path, 'utf8') }: ConfigSources): SmokeConfig {
  const inputs = parseInputs(inputSchema, readInputsFromEnv(INPUT_NAMES, env as NodeJS.ProcessEnv), {
    secrets: ['token'],
  });
  const workspace = resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  const junitPath = inputs.junit === undefined ? undefined : junitPathOf(inputs.junit, workspace);
  const source =
    inputs.config === undefined
      ? { label: "Input 'checks'", text: inputs.checks ?? '' }
      : { label: `Config file '${inputs.config}'`, text: readConfigFile(inputs.config, workspace, readFile) };
  const parsed = parseChecks(source.text, { env, baseUrl: inputs['base-url'], timeoutMs: inputs.timeout });
  if (!parsed.ok) {
    const [first, ...more] = parsed.errors;
    throw new UserError(
      more.length === 0
        ? `${source.label}: ${first}`
        : `${source.label}:\n${parsed.errors.map((e) => `- ${e}`).join('\n')}`,
    );
  }
  const workflow = inputs['rollback-workflow'];
  return {
    checks: parsed.value.checks,
    retries: inputs.retries,
    retryDelayMs: inputs['retry-delay'],
    concurrency: inputs.concurrency,
    watch: watchPolicyOf(inputs),
    ...(workflow ? { rollback: rollbackOf(workflow, inputs['rollback-ref'], inputs['rollback-inputs'], env) } : {}),
    ...(junitPath ? { junitPath } : {}),
    ...(inputs.token ? { token: inputs.token } : {}),
    secrets: parsed.value.secrets,
    unmaskedVariables: parsed.value.unmaskedVariables,
  };
}

/**
 * Where the JUnit report goes: a file inside the workspace, whose folders can be created. Checked
 * now, because finding out after the checks ran would lose the report of a run that happened.
 */
function junitPathOf(path: string, workspace: string): string {
  const full = resolve(workspace, path);
  const problem = (why: string) => new UserError(`Input 'junit' was "${path}": ${why}`);
  if (/[/\\]$/.test(path) || kindOf(full) === 'directory') {
    throw problem(`${full} is a directory: give a file path such as reports/smoke-junit.xml.`);
  }
  const inside = relative(workspace, full);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw problem(
      `the report must be written inside the workspace (${workspace}): give a path such as reports/smoke-junit.xml.`,
    );
  }
  for (let folder = dirname(full); folder !== dirname(folder); folder = dirname(folder)) {
    const kind = kindOf(folder);
    if (kind === 'directory') break;
    if (kind === 'file') throw problem(`${folder} is a file, so no report can be written under it.`);
  }
  return full;
}

function kindOf(path: string): 'file' | 'directory' | 'missing' {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats === undefined ? 'missing' : stats.isDirectory() ? 'directory' : 'file';
  } catch {
    // ENOTDIR (a parent is a file) is found by the walk up; anything else shows when writing.
    return 'missing';
  }
}

function readConfigFile(path: string, workspace: string, readFile: (path: string) => string): string {
  const full = resolve(workspace, path);
  const inside = relative(workspace, full);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new UserError(`Input 'config' was "${path}": the file must be inside the workspace (${workspace}).`);
  }
  try {
    return readFile(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : ((error as Error).message ?? String(error));
    throw new UserError(`Input 'config' was "${path}": cannot read ${full}: ${why}.`);
  }
}

function rollbackOf(
  workflow: string,
  ref: string | undefined,
  inputs: Record<string, string> | undefined,
  env: Readonly<Record<string, string | undefined>>,
): RollbackSpec {
  let repository: { owner: string; repo: string };
  try {
    repository = repositoryFromEnv(env as NodeJS.ProcessEnv);
  } catch (error) {
    throw new UserError(
      `Input 'rollback-workflow' needs GITHUB_REPOSITORY (owner/repo) to know where to dispatch: ${(error as Error).message}`,
    );
  }
  return { workflow, ...(ref ? { ref } : {}), inputs: inputs ?? {}, ...repository };
}
