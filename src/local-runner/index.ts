// Runs an action's bundled dist/index.js the way the GitHub runner does — INPUT_* with action.yml
// defaults, an event payload at GITHUB_EVENT_PATH, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / RUNNER_TEMP
// files in a temp folder, under the Node major action.yml declares — for the CLI, the demo and the tests.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface InputSpec {
  description?: string;
  default?: string;
  required?: boolean;
}

export interface ActionManifest {
  name?: string;
  description?: string;
  inputs?: Record<string, InputSpec>;
  outputs?: Record<string, { description?: string }>;
  runs: { using: string; main: string };
}

export function readActionManifest(actionDir: string): ActionManifest {
  return parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as ActionManifest;
}

/** The Node binary for `runs.using: nodeNN`: this process if it is that major, else the node@NN package. */
export function nodeFor(using: string): string {
  const major = /^node(\d+)$/.exec(using)?.[1];
  if (!major) throw new Error(`unsupported runs.using: ${using}`);
  if (process.versions.node.split('.')[0] === major) return process.execPath;
  return join(REPO_ROOT, 'node_modules/node/bin/node');
}

/**
 * Evaluates the `${{ github.* }}` expressions action.yml defaults use: from `context`, then
 * `github.event.*` from the event payload, then the runner variable that carries the same fact
 * (`github.actor` is GITHUB_ACTOR). Anything else is refused.
 */
export function evaluateDefault(
  value: string,
  context: Record<string, string>,
  env: Record<string, string | undefined> = {},
  payload: Record<string, unknown> = {},
): string {
  return value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expression: string) => {
    if (Object.hasOwn(context, expression)) return context[expression];
    if (expression.startsWith('github.event.')) {
      let node: unknown = payload;
      for (const key of expression.slice('github.event.'.length).split('.')) {
        node =
          node !== null && typeof node === 'object' && Object.hasOwn(node, key)
            ? (node as Record<string, unknown>)[key]
            : undefined;
      }
      // The runner renders a missing property as an empty string.
      return node === undefined || node === null ? '' : typeof node === 'object' ? JSON.stringify(node) : String(node);
    }
    const field = /^github\.(\w+)$/.exec(expression)?.[1];
    const fromEnv = field ? env[`GITHUB_${field.toUpperCase()}`] : undefined;
    if (fromEnv !== undefined) return fromEnv;
    throw new Error(`cannot evaluate \${{ ${expression} }} outside a runner`);
  });
}

/** Parses a GITHUB_OUTPUT file (`name=value` lines and `name<<DELIMITER` blocks). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (index++; index < lines.length && lines[index] !== delimiter; index++) value.push(lines[index]);
      outputs[name] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}

/** Undoes the escaping of workflow-command messages (`%0A` and friends). */
export function decodeCommand(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** One workflow command line (`::error file=x::message`), or undefined for a plain log line. */
export function parseWorkflowCommand(line: string): { command: string; message: string } | undefined {
  const match = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
  if (!match) return undefined;
  return { command: match[1], message: decodeCommand(match[2]) };
}

export interface LocalRunOptions {
  /** Input values by their action.yml names; unset inputs take action.yml defaults. */
  inputs?: Record<string, string>;
  /** What `${{ github.* }}` in action.yml defaults evaluates to (`github.token`, `github.sha`, …). */
  expressionContext?: Record<string, string>;
  /** The environment the action starts from (PATH, proxies, AWS_*, …); the runner's variables are added on top. */
  baseEnv?: Record<string, string | undefined>;
  /** Runner variables (GITHUB_*); they win over baseEnv and over this run's own files (a test may move RUNNER_TEMP). */
  runnerEnv?: Record<string, string>;
  eventName?: string;
  /** Written to GITHUB_EVENT_PATH. */
  payload?: Record<string, unknown>;
  /** GITHUB_WORKSPACE and the action's working folder; a temp folder when not given. */
  workspace?: string;
  /** Kill the action after this long. */
  timeoutMs?: number;
  /** Stops the action (SIGTERM, then SIGKILL after 2 s). */
  signal?: AbortSignal;
  /** Every line the action prints, as it prints it (workflow commands included, masks too). */
  onLine?: (line: string) => void;
  /** Keep the temp folder (event, output and summary files) instead of removing it. */
  keepFiles?: boolean;
}

export interface LocalRunResult {
  exitCode: number | null;
  outputs: Record<string, string>;
  summary: string;
  /** stdout and stderr interleaved, as the runner's log shows them, without `::add-mask::` lines. */
  log: string;
  /** `::error::` messages, decoded. */
  errors: string[];
  warnings: string[];
  /** Values the action registered with core.setSecret. */
  masks: string[];
  eventPath: string;
  /** The temp folder holding the run's files (removed unless keepFiles). */
  home: string;
}

/** Runs `<actionDir>/<runs.main>` as the runner does and collects what it reported. */
export async function runLocalAction(actionDir: string, options: LocalRunOptions = {}): Promise<LocalRunResult> {
  const manifest = readActionManifest(actionDir);
  const main = join(actionDir, manifest.runs.main);
  if (!existsSync(main)) throw new Error(`${main} does not exist: the action has not been bundled`);
  for (const name of Object.keys(options.inputs ?? {})) {
    if (!Object.hasOwn(manifest.inputs ?? {}, name))
      throw new Error(`input ${name} is not declared in ${actionDir}/action.yml`);
  }
  const home = mkdtempSync(join(tmpdir(), 'shipshape-runner-'));
  const workspace = options.workspace ?? join(home, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const runnerTemp = join(home, 'temp');
  mkdirSync(runnerTemp);
  const eventPath = join(home, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.payload ?? {}));
  const outputFile = join(home, 'output');
  const summaryFile = join(home, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');

  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.baseEnv ?? { PATH: process.env.PATH, HOME: process.env.HOME })) {
    // Inputs come only from this run: a stray INPUT_* in the caller's environment must not leak in.
    if (value !== undefined && !name.startsWith('INPUT_')) env[name] = value;
  }
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName ?? 'workflow_dispatch',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_STATE: join(home, 'state'),
    GITHUB_ENV: join(home, 'env'),
    GITHUB_PATH: join(home, 'path'),
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    ...options.runnerEnv,
  });
  const context = { 'github.workspace': workspace, ...options.expressionContext };
  for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
    const given = options.inputs?.[name];
    env[inputEnvName(name)] =
      given ?? (spec.default !== undefined ? evaluateDefault(String(spec.default), context, env, options.payload) : '');
  }

  const child = spawn(nodeFor(manifest.runs.using), [main], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let partial = '';
  const take = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    log += text;
    if (!options.onLine) return;
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) options.onLine(line);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), 2000);
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const exitCode = await new Promise<number | null>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolvePromise(code));
  });
  clearTimeout(timer);
  clearTimeout(killTimer);
  options.signal?.removeEventListener('abort', stop);
  if (partial && options.onLine) options.onLine(partial);

  const lines = log.split('\n');
  const messages = (kind: string) =>
    lines.flatMap((line) => {
      const command = parseWorkflowCommand(line);
      return command?.command === kind ? [command.message] : [];
    });
  // The runner consumes ::add-mask:: and never shows it.
  const masks = messages('add-mask');
  const result: LocalRunResult = {
    exitCode,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    log: lines.filter((line) => !line.startsWith('::add-mask::')).join('\n'),
    errors: messages('error'),
    warnings: messages('warning'),
    masks,
    eventPath,
    home,
  };
  if (!options.keepFiles) rmSync(home, { recursive: true, force: true });
  return result;
}

/** The environment variable the runner sets for an input: spaces become `_`, hyphens stay. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
