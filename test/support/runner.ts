// Runs an action's bundled dist/index.js exactly as the GitHub runner does: INPUT_* with action.yml
// defaults, a real webhook payload at GITHUB_EVENT_PATH, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files,
// under the Node major that action.yml declares.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export type EventName = 'push' | 'schedule' | 'workflow_dispatch';

export interface RunOptions {
  /** Input values by their action.yml names; unset inputs take action.yml defaults. */
  inputs?: Record<string, string>;
  event?: EventName;
  /** The stand-in's URL, as GITHUB_API_URL. */
  apiUrl?: string;
  token?: string;
  repository?: string;
  env?: Record<string, string>;
  workspace?: string;
  /** Kill the action after this long (a hung action fails the test instead of the suite). */
  timeoutMs?: number;
}

export interface RunResult {
  exitCode: number | null;
  outputs: Record<string, string>;
  summary: string;
  /** stdout and stderr interleaved, as the runner's log shows them. */
  log: string;
  /** `::error::` lines, decoded. */
  errors: string[];
  warnings: string[];
  eventPath: string;
  /** Values the action registered with core.setSecret. */
  masks: string[];
}

interface ActionManifest {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; main: string };
}

export function readActionManifest(actionDir: string): ActionManifest {
  return parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as ActionManifest;
}

/** The payload GitHub would write to GITHUB_EVENT_PATH, from @octokit/webhooks-examples. */
export function webhookPayload(event: EventName): Record<string, unknown> {
  const examples = require('@octokit/webhooks-examples') as Array<{
    name: string;
    examples: Array<Record<string, unknown>>;
  }>;
  const byName = (name: string) => examples.find((entry) => entry.name === name)?.examples ?? [];
  if (event === 'push') {
    const push = byName('push').find((example) => example.ref === 'refs/heads/main') ?? byName('push')[0];
    if (!push) throw new Error('no push example');
    return push;
  }
  if (event === 'workflow_dispatch') {
    const dispatch = byName('workflow_dispatch')[0];
    if (!dispatch) throw new Error('no workflow_dispatch example');
    return dispatch;
  }
  // Schedule runs are not webhooks, so the examples have none; GitHub's payload is the cron
  // line plus the repository, which we take from the real push example.
  const push = webhookPayload('push');
  return { schedule: '*/15 * * * *', repository: push.repository, workflow: '.github/workflows/smoke.yml' };
}

/** The Node binary for `runs.using: nodeNN`: this process if it is that major, else the node@NN package. */
export function nodeFor(using: string): string {
  const major = /^node(\d+)$/.exec(using)?.[1];
  if (!major) throw new Error(`unsupported runs.using: ${using}`);
  if (process.versions.node.split('.')[0] === major) return process.execPath;
  const candidate = join(REPO_ROOT, 'node_modules/node/bin/node');
  return candidate;
}

function evaluateDefault(value: string, context: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, expression: string) => {
    if (!(expression in context)) throw new Error(`the harness cannot evaluate \${{ ${expression} }}`);
    return context[expression];
  });
}

function parseOutputFile(text: string): Record<string, string> {
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

function decodeCommand(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

export async function runActionBundle(actionDir: string, options: RunOptions = {}): Promise<RunResult> {
  const manifest = readActionManifest(actionDir);
  const home = mkdtempSync(join(tmpdir(), 'shipshape-runner-'));
  const workspace = options.workspace ?? join(home, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const runnerTemp = join(home, 'temp');
  mkdirSync(runnerTemp);
  const event = options.event ?? 'push';
  const payload = webhookPayload(event);
  const eventPath = join(home, 'event.json');
  writeFileSync(eventPath, JSON.stringify(payload));
  const outputFile = join(home, 'output');
  const summaryFile = join(home, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');

  const repository = options.repository ?? 'octo-org/shop';
  const token = options.token ?? 'ghs_standInToken0123456789';
  const sha = (payload.after as string | undefined) ?? '6dcb09b5b57875f334f61aebed695e2e4193db5e';
  const expressionContext: Record<string, string> = {
    'github.token': token,
    'github.repository': repository,
    'github.sha': sha,
    'github.workspace': workspace,
    'github.server_url': 'https://github.com',
    'github.api_url': options.apiUrl ?? 'https://api.github.com',
    'github.run_id': '4242',
  };

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? home,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_STATE: join(home, 'state'),
    GITHUB_ENV: join(home, 'env'),
    GITHUB_PATH: join(home, 'path'),
    GITHUB_API_URL: options.apiUrl ?? 'https://api.github.com',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_GRAPHQL_URL: `${options.apiUrl ?? 'https://api.github.com'}/graphql`,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0],
    GITHUB_SHA: sha,
    GITHUB_REF: (payload.ref as string | undefined) ?? 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '17',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_JOB: 'verify',
    GITHUB_ACTION: 'run',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ...options.env,
  };
  for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
    const given = options.inputs?.[name];
    const value = given ?? (spec.default !== undefined ? evaluateDefault(String(spec.default), expressionContext) : '');
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const name of Object.keys(options.inputs ?? {})) {
    if (!(name in (manifest.inputs ?? {}))) throw new Error(`input ${name} is not declared in ${actionDir}/action.yml`);
  }

  const node = nodeFor(manifest.runs.using);
  const main = join(actionDir, manifest.runs.main);
  const child = spawn(node, [main], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const exitCode = await new Promise<number | null>((resolvePromise) =>
    child.on('close', (code) => resolvePromise(code)),
  );
  clearTimeout(timer);

  const commands = (kind: string) =>
    log
      .split('\n')
      .filter((line) => line.startsWith(`::${kind}`))
      .map((line) => decodeCommand(line.slice(line.indexOf('::', 2) + 2)));
  // The runner consumes ::add-mask:: and never shows it; tests then look for leaks in what is left.
  const masks = log
    .split('\n')
    .filter((line) => line.startsWith('::add-mask::'))
    .map((line) => line.slice('::add-mask::'.length));
  log = log
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  return {
    masks,
    exitCode,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    log,
    errors: commands('error'),
    warnings: commands('warning'),
    eventPath,
  };
}
