// `shipshape gate|smoke|backup|incident`: maps flags, SHIPSHAPE_<INPUT> variables and shipshape.yml onto
// the action's inputs, runs its bundled dist/index.js through the runner protocol, and shows the result.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROGRESS_INTERVAL_ENV } from '../../actions/backup/src/streams.ts';
import { loadYaml } from '../kernel/inputs.ts';
import { type LocalRunResult, readActionManifest, runLocalAction } from '../local-runner/index.ts';
import { type ActionCommand, actionDir, envNameFor, flagFor, GLOBAL_OPTIONS, manifestOf } from './commands.ts';
import { type ConfigFile, readConfigFile } from './config.ts';
import { LogTranslator, redact, renderMarkdown, renderTable, type Style, styleFor } from './terminal.ts';

/** Exit code for a command line the user must fix (the action's own verdicts are 0 and 1). */
export const USAGE_ERROR = 2;

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  signal?: AbortSignal;
}

export class UsageError extends Error {}

interface ParsedArgs {
  flags: Record<string, string>;
  config?: string;
  json: boolean;
  help: boolean;
  githubUrl?: string;
  repository?: string;
  workspace?: string;
}

/** `--name value`, `--name=value`; a true/false input given alone (`--dry-run`) means true. */
export function parseArgs(argv: readonly string[], command: ActionCommand): ParsedArgs {
  const manifest = manifestOf(command);
  const byFlag = new Map(Object.keys(manifest.inputs ?? {}).map((input) => [flagFor(input), input]));
  const parsed: ParsedArgs = { flags: {}, json: false, help: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '-h' || arg === '--help') {
      parsed.help = true;
      continue;
    }
    const match = /^--([^=]+)(?:=([\s\S]*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument "${arg}": inputs are given as --name value`);
    const [, flag, inline] = match;
    if (flag === 'json') {
      parsed.json = true;
      continue;
    }
    const input = byFlag.get(flag);
    const global = GLOBAL_OPTIONS.find((option) => option.flag === flag && option.value);
    if (!input && !global) {
      throw new UsageError(
        `unknown option --${flag} for shipshape ${command.name}${suggest(flag, [...byFlag.keys()], command.name)}`,
      );
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[index + 1];
      const isSwitch = input && ['true', 'false'].includes(String(manifest.inputs?.[input]?.default));
      if (next === undefined || (next.startsWith('--') && isSwitch)) {
        if (!isSwitch) throw new UsageError(`--${flag} needs a value`);
        value = 'true';
      } else {
        value = next;
        index++;
      }
    }
    if (input) parsed.flags[input] = value;
    else if (flag === 'config') parsed.config = value;
    else if (flag === 'github-url') parsed.githubUrl = value;
    else if (flag === 'repository') parsed.repository = value;
    else if (flag === 'workspace') parsed.workspace = value;
  }
  return parsed;
}

function suggest(flag: string, flags: string[], command: string): string {
  const close = flags.filter((candidate) => distance(candidate, flag) <= Math.max(1, Math.floor(candidate.length / 3)));
  return close.length > 0 ? ` (did you mean --${close[0]}?)` : `; see shipshape ${command} --help`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length];
}

/** `--help`: the action's inputs with their defaults and descriptions, from action.yml. */
export function helpText(command: ActionCommand): string {
  const manifest = manifestOf(command);
  const lines = [
    `shipshape ${command.name}: ${command.summary} (actions/${command.action})`,
    '',
    `usage: shipshape ${command.name} [--INPUT VALUE ...] [--config FILE] [--json]`,
    '',
    `Every input is a flag, a SHIPSHAPE_<INPUT> environment variable, or a key of the '${command.name}:'`,
    "section of shipshape.yml (in that order of precedence). The exit code is the action's verdict",
    `(0 passed, 1 failed); ${USAGE_ERROR} means the command line itself is wrong. Give secrets (tokens, URLs with`,
    'passwords, age identities) as SHIPSHAPE_<INPUT> variables: flags show in the process list.',
    '',
    'inputs:',
  ];
  for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
    const flag = flagFor(name);
    lines.push(`  --${flag}${flag !== name ? ` (the '${name}' input)` : ''}   ${envNameFor(name)}`);
    for (const line of wrap((spec.description ?? '').replace(/\s+/g, ' ').trim(), 74)) lines.push(`      ${line}`);
    if (spec.default !== undefined && String(spec.default) !== '') {
      const shown = String(spec.default)
        .replace('${{ github.token }}', '$GITHUB_TOKEN or $GH_TOKEN')
        .replace('${{ github.sha }}', "the checkout's HEAD commit");
      lines.push(`      default: ${shown}`);
    }
  }
  lines.push('', 'outputs:');
  for (const [name, spec] of Object.entries(manifest.outputs ?? {})) {
    lines.push(`  ${name}`);
    for (const line of wrap((spec.description ?? '').replace(/\s+/g, ' ').trim(), 74)) lines.push(`      ${line}`);
  }
  lines.push('', 'options:');
  for (const option of GLOBAL_OPTIONS) {
    lines.push(`  --${option.flag}${option.value ? ` ${option.value}` : ''}`, `      ${option.description}`);
  }
  const github = command.needsGitHub({ 'rollback-workflow': 'x' });
  lines.push(
    '',
    github
      ? `GitHub: needs a token in GITHUB_TOKEN or GH_TOKEN (or --token)${command.name === 'smoke' ? ' only with --rollback-workflow or --history' : ''}: ${github}.`
      : 'GitHub: not needed.',
  );
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return (
      execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/** owner/name from a GitHub remote URL (`git@github.com:o/r.git`, `https://host/o/r`). */
export function repositoryFromRemote(url: string | undefined): string | undefined {
  const match = /[/:]([^/:\s]+)\/([^/\s]+?)(?:\.git)?\/?$/.exec(url ?? '');
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/** `https://ghe.example.com/api/v3` → `https://ghe.example.com`; api.github.com → github.com. */
export function serverUrlFor(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  return `${url.origin}${url.pathname.replace(/\/api\/v3\/?$/, '').replace(/\/+$/, '')}`;
}

export interface PreparedRun {
  workspace: string;
  inputs: Record<string, string>;
  expressionContext: Record<string, string>;
  runnerEnv: Record<string, string>;
}

/** Inputs by precedence (flag, SHIPSHAPE_*, shipshape.yml) and the runner's GitHub variables; throws UsageError. */
export function prepareRun(command: ActionCommand, args: ParsedArgs, io: Io): PreparedRun {
  const manifest = manifestOf(command);
  let config: ConfigFile | undefined;
  try {
    config = readConfigFile(args.config, io.cwd);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const workspace = args.workspace !== undefined ? resolve(io.cwd, args.workspace) : (config?.workspace ?? io.cwd);
  if (!existsSync(workspace) || !statSync(workspace).isDirectory()) {
    throw new UsageError(`the workspace ${workspace} is not a folder`);
  }
  const inputs: Record<string, string> = {};
  for (const name of Object.keys(manifest.inputs ?? {})) {
    const value = args.flags[name] ?? io.env[envNameFor(name)] ?? config?.inputs[command.name]?.[name];
    if (value !== undefined) inputs[name] = value;
  }
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN || '';
  const apiUrl = (args.githubUrl ?? config?.githubUrl ?? io.env.GITHUB_API_URL ?? 'https://api.github.com').replace(
    /\/+$/,
    '',
  );
  try {
    new URL(apiUrl);
  } catch {
    throw new UsageError(`--github-url "${apiUrl}" is not a URL (GitHub Enterprise Server: https://HOST/api/v3)`);
  }
  const repository =
    args.repository ??
    config?.repository ??
    io.env.GITHUB_REPOSITORY ??
    repositoryFromRemote(git(['remote', 'get-url', 'origin'], workspace)) ??
    '';
  if (repository && !/^[^/\s]+\/[^/\s]+$/.test(repository)) {
    throw new UsageError(`the repository "${repository}" is not OWNER/NAME`);
  }
  const sha = io.env.GITHUB_SHA || git(['rev-parse', 'HEAD'], workspace) || '';
  const expressionContext = {
    'github.token': token,
    'github.repository': repository,
    'github.sha': sha,
    'github.server_url': serverUrlFor(apiUrl),
    'github.api_url': apiUrl,
    'github.run_id': '',
    // Only a real GitHub login: the incident action assigns the actor by default.
    'github.actor': io.env.GITHUB_ACTOR ?? '',
  };

  const withDefaults = {
    ...Object.fromEntries(
      Object.entries(manifest.inputs ?? {}).map(([name, spec]) => [name, String(spec.default ?? '')]),
    ),
    ...inputs,
  };
  const why = command.needsGitHub(withDefaults);
  if (why && !(inputs.token || token)) {
    throw new UsageError(
      `shipshape ${command.name} needs GitHub here (${why}), and no token is set.\n` +
        'Set GITHUB_TOKEN or GH_TOKEN (with the GitHub CLI: GH_TOKEN=$(gh auth token)), or pass --token.\n' +
        'To try it without GitHub, run `npm run standin` and paste the lines it prints.',
    );
  }
  if (why && !repository) {
    throw new UsageError(
      `shipshape ${command.name} needs a repository (${why}): pass --repository OWNER/NAME, set GITHUB_REPOSITORY, or run it inside a clone whose 'origin' is on GitHub.`,
    );
  }
  const runnerEnv: Record<string, string> = {
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: serverUrlFor(apiUrl),
    GITHUB_GRAPHQL_URL: `${apiUrl.replace(/\/v3$/, '')}/graphql`,
  };
  if (repository) {
    runnerEnv.GITHUB_REPOSITORY = repository;
    runnerEnv.GITHUB_REPOSITORY_OWNER = repository.split('/')[0];
  }
  if (sha) runnerEnv.GITHUB_SHA = sha;
  return { workspace, inputs, expressionContext, runnerEnv };
}

/** Shows a live status line on a terminal; nothing elsewhere. */
class Progress {
  private timer: NodeJS.Timeout | undefined;
  private shown = false;
  private readonly started = Date.now();
  private readonly stream: Io['stderr'];
  private readonly label: string;

  constructor(stream: Io['stderr'], label: string) {
    this.stream = stream;
    this.label = label;
    if (stream.isTTY) {
      this.timer = setInterval(() => this.draw(), 250);
      this.timer.unref();
    }
  }

  private drawn = -1;

  private draw(): void {
    const seconds = Math.round((Date.now() - this.started) / 1000);
    if (this.shown && seconds === this.drawn) return;
    this.stream.write(`\r\u001b[2K${this.label} … ${seconds}s`);
    this.shown = true;
    this.drawn = seconds;
  }

  private clear(): void {
    if (this.shown) this.stream.write('\r\u001b[2K');
    this.shown = false;
  }

  print(text: string): void {
    this.clear();
    this.stream.write(`${text}\n`);
  }

  stop(): void {
    clearInterval(this.timer);
    this.clear();
  }
}

/** Runs the action for the command line and renders its result; returns the exit code. */
export async function runActionCommand(command: ActionCommand, argv: readonly string[], io: Io): Promise<number> {
  const style = styleFor(io.stderr, io.env);
  await loadYaml(); // shipshape.yml
  let args: ParsedArgs;
  let prepared: PreparedRun;
  try {
    args = parseArgs(argv, command);
    if (args.help) {
      io.stdout.write(helpText(command));
      return 0;
    }
    prepared = prepareRun(command, args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${style.red('shipshape:')} ${error.message}\n`);
    return USAGE_ERROR;
  }
  const dir = actionDir(command);
  const main = join(dir, readActionManifest(dir).runs.main);
  if (!existsSync(main)) {
    io.stderr.write(
      `${style.red('shipshape:')} actions/${command.action} has no bundle yet (${main}); build it with node scripts/build.mjs ${command.action}\n`,
    );
    return USAGE_ERROR;
  }

  const translator = new LogTranslator(style);
  const progress = new Progress(io.stderr, `shipshape ${command.name}`);
  let result: LocalRunResult;
  try {
    result = await runLocalAction(dir, {
      inputs: prepared.inputs,
      expressionContext: prepared.expressionContext,
      baseEnv: io.env,
      // On a terminal a backup reports bytes and rate every second (10 s in a job log).
      runnerEnv: io.stderr.isTTY ? { ...prepared.runnerEnv, [PROGRESS_INTERVAL_ENV]: '1000' } : prepared.runnerEnv,
      workspace: prepared.workspace,
      signal: io.signal,
      // A watch may run for hours: the action's own limits apply, not a test timeout.
      timeoutMs: 2 ** 31 - 1,
      onLine: (line) => {
        const shown = translator.translate(line);
        // Quiet when not a terminal: only errors and warnings.
        if (shown && (shown.problem || io.stderr.isTTY)) progress.print(shown.text);
      },
    });
  } finally {
    progress.stop();
  }
  const masks = [...translator.masks, ...result.masks];
  if (args.json) {
    io.stdout.write(`${redact(JSON.stringify(result.outputs, null, 2), masks)}\n`);
  } else {
    const out = styleFor(io.stdout, io.env);
    if (result.summary.trim()) io.stdout.write(`${redact(renderMarkdown(result.summary, out), masks)}\n\n`);
    io.stdout.write(`${redact(outputsTable(result.outputs, out), masks)}\n`);
  }
  if (io.signal?.aborted) return 130;
  return result.exitCode ?? 1;
}

/** Outputs as `name  value`; JSON values pretty-printed when short, long values cut. */
export function outputsTable(outputs: Record<string, string>, style: Style): string {
  const rows = Object.entries(outputs).map(([name, value]) => [
    name,
    value === '' ? style.dim('(empty)') : clipLines(value),
  ]);
  if (rows.length === 0) return style.dim('(no outputs)');
  return renderTable(['output', 'value'], rows, style);
}

function clipLines(value: string): string {
  const lines = value.split('\n').map((line) => (line.length > 120 ? `${line.slice(0, 119)}…` : line));
  return lines.length > 6
    ? [...lines.slice(0, 6), `… (${lines.length - 6} more lines; --json shows all)`].join('\n')
    : lines.join('\n');
}
