// The action's inputs (keys exactly as in action.yml) parsed into one typed config, checks
// included: every bad input stops here, before any request is sent.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { repositoryFromEnv } from '../../../src/kernel/context.ts';
import { formatDuration } from '../../../src/kernel/durations.ts';
import { UserError } from '../../../src/kernel/errors.ts';
import { type AllowedRoots, resolveInputPath } from '../../../src/kernel/files.ts';
import { duration, integer, parseInputs, type RawInputs, yaml } from '../../../src/kernel/inputs.ts';
import { historyBranchProblem } from '../../../src/kernel/status-history.ts';
import { parseChecks } from './checks.ts';
import { type CheckSpec, MAX_ATTEMPT_TIMEOUT_MS, MAX_RETRY_DELAY_MS, MAX_WATCH_MS } from './spec.ts';
import { secretsOf } from './variables.ts';
import { plannedRounds, type WatchPolicy } from './watch.ts';

/** A duration input with an upper bound, said in the message: Node's timers misfire past 2^31 ms. */
function boundedDuration(max: number) {
  return duration().refine((ms) => ms <= max, `expected at most ${formatDuration(max)}.`);
}

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

const dispatchInputs = z
  .unknown()
  .superRefine((value, ctx) => {
    // YAML keeps `__proto__` as an own key; the mapping below would drop it without a word.
    if (value !== null && typeof value === 'object' && Object.hasOwn(value, '__proto__')) {
      ctx.addIssue({ code: 'custom', message: '"__proto__" cannot be an input name here.' });
    }
  })
  .pipe(
    z.record(z.string(), z.union([z.string(), z.number(), z.boolean()], { error: 'expected text' }).transform(String), {
      error: 'expected a mapping of input names to values',
    }),
  );

export const smokeInputSchema = z
  .object({
    checks: z.string().optional(),
    config: z.string().optional(),
    'base-url': httpUrl.optional(),
    timeout: boundedDuration(MAX_ATTEMPT_TIMEOUT_MS)
      .refine((ms) => ms > 0, 'a timeout must be more than 0.')
      .default(10_000),
    retries: integer({ min: 0, max: 10 }).default(2),
    'retry-delay': boundedDuration(MAX_RETRY_DELAY_MS).default(1_000),
    concurrency: integer({ min: 1, max: 100 }).default(8),
    watch: boundedDuration(MAX_WATCH_MS).default(0),
    interval: boundedDuration(MAX_WATCH_MS)
      .refine((ms) => ms >= 1_000, 'an interval must be at least 1s.')
      .default(60_000),
    'failure-threshold': integer({ min: 1, max: 1_000 }).default(3),
    'rollback-workflow': workflowReference.optional(),
    'rollback-ref': z.string().optional(),
    'rollback-inputs': yaml(dispatchInputs).optional(),
    junit: z.string().optional(),
    history: z
      .string()
      .superRefine((name, ctx) => {
        const problem = historyBranchProblem(name);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
        // GitHub would take it literally and create `refs/heads/refs/heads/…`.
        else if (name.startsWith('refs/')) {
          ctx.addIssue({
            code: 'custom',
            message: `expected a branch name without "refs/": write "${name.replace(/^refs\/(heads\/)?/, '')}".`,
          });
        }
      })
      .optional(),
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
    if (inputs.history !== undefined && !inputs.token) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: "required to write 'history' (contents: write)." });
    }
  });

export const INPUT_NAMES = Object.keys(smokeInputSchema.shape);

export interface RollbackSpec {
  workflow: string;
  /** Undefined: the repository's default branch, looked up only when dispatching. */
  ref?: string;
  inputs: Record<string, string>;
  owner: string;
  repo: string;
}

/** Where the rounds' results are appended after the run (`history/<YYYY-MM-DD>.jsonl`). */
export interface HistorySpec {
  branch: string;
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
  history?: HistorySpec;
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

export interface ConfigContext {
  /**
   * The step's environment: where `${VAR}` values come from (never INPUT_* or ACTIONS_*), and
   * GITHUB_REPOSITORY for the rollback.
   */
  env: Readonly<Record<string, string | undefined>>;
  /** Where `config` and `junit` may be (the workspace or the runner's temp folder). */
  roots: AllowedRoots;
  /** The repository's default branch as the event payload names it, when it does (`history` must differ). */
  defaultBranch?: string;
  readFile?: (path: string) => string;
}

/** Reads the raw inputs (and the config file, when given) into a SmokeConfig, or throws a UserError naming every problem. */
export function readConfig(raw: RawInputs, context: ConfigContext): SmokeConfig {
  const { env, roots, readFile = (path: string) => readFileSync(path, 'utf8') } = context;
  const inputs = parseInputs(smokeInputSchema, raw, { secrets: ['token'] });
  // Checked now: finding out after the checks ran would lose the report of a run that happened.
  if (inputs.junit !== undefined && /[/\\]$/.test(inputs.junit)) {
    throw new UserError(
      `Input 'junit' was "${inputs.junit}": that is a folder; name a file, e.g. ${inputs.junit}smoke.xml.`,
    );
  }
  const junitPath =
    inputs.junit === undefined ? undefined : resolveInputPath('junit', inputs.junit, 'writable-file', roots).path;
  const source =
    inputs.config === undefined
      ? { label: "Input 'checks'", text: inputs.checks ?? '' }
      : {
          label: `Config file '${inputs.config}'`,
          text: readFile(resolveInputPath('config', inputs.config, 'readable-file', roots).path),
        };
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
  const history = inputs.history === undefined ? undefined : historyOf(inputs.history, context);
  return {
    checks: parsed.checks,
    retries: inputs.retries,
    retryDelayMs: inputs['retry-delay'],
    concurrency: inputs.concurrency,
    watch: watchPolicyOf(inputs),
    ...(workflow ? { rollback: rollbackOf(workflow, inputs['rollback-ref'], inputs['rollback-inputs'], env) } : {}),
    ...(history ? { history } : {}),
    ...(junitPath ? { junitPath } : {}),
    ...(inputs.token ? { token: inputs.token } : {}),
    ...secretsOf(parsed.checks.flatMap((check) => check.usedVariables)),
  };
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

function historyOf(branch: string, { env, defaultBranch }: ConfigContext): HistorySpec {
  // Known now from the event payload: refusing after the watch would lose the run's results.
  // The writer asks GitHub again before writing, for events whose payload does not say.
  if (defaultBranch !== undefined && branch === defaultBranch) {
    throw new UserError(
      `Input 'history' was "${branch}": that is the repository's default branch; history is kept on a branch of its own (e.g. status-data).`,
    );
  }
  let repository: { owner: string; repo: string };
  try {
    repository = repositoryFromEnv(env as NodeJS.ProcessEnv);
  } catch (error) {
    throw new UserError(
      `Input 'history' needs GITHUB_REPOSITORY (owner/repo) to know where to write: ${(error as Error).message}`,
    );
  }
  return { branch, ...repository };
}

/** `repository.default_branch` of the event payload at GITHUB_EVENT_PATH, when it has one. */
export function defaultBranchFromEvent(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  try {
    const payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
      repository?: { default_branch?: unknown };
    };
    const name = payload?.repository?.default_branch;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}
