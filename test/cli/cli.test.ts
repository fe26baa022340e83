// The `shipshape` command line, run as a user runs it (a child process, not a terminal), against the same
// real servers as the action tests: the GitHub stand-in, a local HTTP service and a temp folder.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_REPOSITORY, DEMO_SHA, seed } from '../../src/cli/seed.ts';
import { deploysOf } from '../../src/github-standin/routes-deploys.ts';
import { type GitHubStandIn, startGitHubStandIn } from '../../src/github-standin/server.ts';
import { REPO_ROOT, runActionBundle } from '../support/runner.ts';

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const CLI = join(REPO_ROOT, 'src/cli/index.ts');

function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? workspace,
    // No GITHUB_* or token from the machine running the tests.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'shipshape-cli-'));
});

// ---------- a local HTTP service ----------
let service: Server;
let serviceUrl: string;
let score = 0.99;
beforeAll(async () => {
  service = createServer((request, response) => {
    if (request.url === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', integrity: { score } }));
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
});
afterAll(async () => {
  service.closeAllConnections();
  await new Promise((resolve) => service.close(resolve));
});

const CHECKS = '- name: healthz\n  url: /healthz\n  expect:\n    json: "$.integrity.score >= 0.95"\n';

describe('shipshape smoke', () => {
  it('prints the outputs as JSON with --json and exits 0 when the checks pass', async () => {
    score = 0.99;
    const result = await cli(['smoke', '--base-url', serviceUrl, '--checks', CHECKS, '--json']);
    expect(result.code).toBe(0);
    const outputs = JSON.parse(result.stdout) as Record<string, string>;
    expect(outputs).toMatchObject({ passed: 'true', tripped: 'false', 'failed-checks': '', rounds: '1' });
    expect(JSON.parse(outputs.results)[0]).toMatchObject({ name: 'healthz', ok: true, status: 200 });
    // Not a terminal: quiet, nothing but the JSON on stdout and nothing on stderr.
    expect(result.stderr).toBe('');
  });

  it('exits 1 with the failure as the action words it, and renders the summary and outputs for a terminal', async () => {
    score = 0.91;
    const result = await cli(['smoke', `--base-url=${serviceUrl}`, '--checks', CHECKS]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: Smoke test tripped: 1 of 1 check failed');
    expect(result.stderr).toContain('  healthz: $.integrity.score was 0.91, expected >= 0.95');
    expect(result.stdout).toContain('Smoke test: ✘ tripped');
    expect(result.stdout).toMatch(/^ {2}healthz +✘ fail +200 /m);
    expect(result.stdout).toMatch(/^tripped +true$/m);
    expect(result.stdout).toMatch(/^failed-checks +healthz$/m);
    expect(result.stdout).not.toContain('&gt;');
    expect(result.stdout).not.toContain('::');
  });

  it('gives a bad flag the same message as the action, from the same bundle', async () => {
    const viaCli = await cli(['smoke', '--base-url', serviceUrl, '--checks', CHECKS, '--watch', '5x']);
    const viaRunner = await runActionBundle(join(REPO_ROOT, 'actions/smoke-test'), {
      inputs: { 'base-url': serviceUrl, checks: CHECKS, watch: '5x' },
    });
    expect(viaRunner.errors).toHaveLength(1);
    expect(viaCli.code).toBe(1);
    expect(viaCli.stderr).toBe(`error: ${viaRunner.errors[0]}\n`);
    expect(viaCli.stderr).toContain(`Input 'watch' was "5x"`);
  });

  it('refuses an unknown flag before running anything, with the closest input', async () => {
    const result = await cli(['smoke', '--wach', '5m']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('shipshape: unknown option --wach for shipshape smoke (did you mean --watch?)\n');
  });

  it('reads inputs from SHIPSHAPE_* and from shipshape.yml (YAML inputs as YAML); a flag wins over both', async () => {
    score = 0.99;
    writeFileSync(
      join(workspace, 'shipshape.yml'),
      [
        'smoke:',
        '  base-url: http://127.0.0.1:9',
        '  retries: 0',
        '  checks:',
        '    - name: from-file',
        '      url: /healthz',
        '      expect: { status: 200 }',
      ].join('\n'),
    );
    const fromFile = await cli(['smoke', '--json'], { env: { SHIPSHAPE_BASE_URL: serviceUrl } });
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(JSON.parse(fromFile.stdout).results)[0].name).toBe('from-file');

    const flagWins = await cli(['smoke', '--json', '--base-url', 'http://127.0.0.1:9'], {
      env: { SHIPSHAPE_BASE_URL: serviceUrl },
    });
    expect(flagWins.code).toBe(1);
    expect(JSON.parse(flagWins.stdout)['failed-checks']).toBe('from-file');
  });

  it('names a shipshape.yml problem with its line, before running anything', async () => {
    writeFileSync(join(workspace, 'custom.yml'), 'smoke:\n  base-url: x\n  wach: 5m\n');
    const result = await cli(['smoke', '--config', 'custom.yml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`shipshape: ${join(workspace, 'custom.yml')}:\n  smoke (line 3): unknown key 'wach'\n`);
  });

  it('says plainly that a rollback or a history branch needs a GitHub token when none is set', async () => {
    const result = await cli([
      'smoke',
      '--base-url',
      serviceUrl,
      '--checks',
      CHECKS,
      '--rollback-workflow',
      'rollback.yml',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'shipshape smoke needs GitHub here (rollback-workflow dispatches a workflow on GitHub), and no token is set.',
    );
    expect(result.stderr).toContain('Set GITHUB_TOKEN or GH_TOKEN');
    const history = await cli(['smoke', '--base-url', serviceUrl, '--checks', CHECKS, '--history', 'status-data']);
    expect(history.code).toBe(2);
    expect(history.stderr).toContain('(history writes the results to a branch on GitHub), and no token is set.');
  });
});

describe('commands against the GitHub stand-in', () => {
  let standIn: GitHubStandIn;
  beforeEach(async () => {
    standIn = await startGitHubStandIn();
    seed(standIn);
  });
  afterEach(async () => {
    await standIn.stop();
    expect(standIn.violations).toEqual([]);
  });
  const github = () => ({ GH_TOKEN: 'ghs_cliTestToken0123456789abcdef' });

  it('gate: allows the green commit (JSON), the token from GH_TOKEN and the API from --github-url', async () => {
    const result = await cli(
      [
        'gate',
        '--github-url',
        standIn.url,
        '--repository',
        DEMO_REPOSITORY,
        '--sha',
        DEMO_SHA,
        '--wait',
        '0',
        '--json',
      ],
      { env: github() },
    );
    expect(result.code).toBe(0);
    const outputs = JSON.parse(result.stdout) as Record<string, string>;
    expect(outputs).toMatchObject({ allowed: 'true', 'blocked-by': '', sha: DEMO_SHA });
    expect(
      standIn.requests.every((request) => request.authorization === 'token ghs_cliTestToken0123456789abcdef'),
    ).toBe(true);
    expect(standIn.requests.length).toBeGreaterThan(0);
  });

  it("gate: takes the repository from the clone's origin and the commit from its HEAD", async () => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: workspace });
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', 'git@github.com:octo-org/shop.git');
    git('commit', '-q', '--allow-empty', '-m', 'empty');
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace, encoding: 'utf8' }).trim();
    deploysOf(standIn.state, 'octo-org', 'shop').addCheckRun({ name: 'build', headSha: head });
    const result = await cli(['gate', '--github-url', standIn.url, '--wait', '0', '--json'], { env: github() });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ allowed: 'true', sha: head });
    expect(standIn.requests.some((request) => request.path === `/repos/octo-org/shop/commits/${head}/check-runs`)).toBe(
      true,
    );
  });

  it('gate: exits 1 for a red commit, naming the failed check', async () => {
    deploysOf(standIn.state, 'octo-org', 'shop').addCheckRun({
      name: 'test',
      headSha: DEMO_SHA,
      conclusion: 'failure',
    });
    const result = await cli(
      ['gate', '--github-url', standIn.url, '--repository', DEMO_REPOSITORY, '--sha', DEMO_SHA, '--wait', '0'],
      { env: github() },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^allowed +false$/m);
    expect(result.stdout).toMatch(/^blocked-by +checks$/m);
    expect(result.stdout).toMatch(
      /❌ +checks +failed: test \(https:\/\/github\.com\/octo-org\/shop\/runs\/\d+\) \(failure\)/,
    );
  });

  it('gate: without a token says so and sends nothing', async () => {
    const result = await cli(['gate', '--github-url', standIn.url, '--repository', DEMO_REPOSITORY]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('shipshape gate needs GitHub here');
    expect(result.stderr).toContain('no token is set');
    expect(standIn.requests).toEqual([]);
  });

  it('gate: without a repository (no --repository, no GITHUB_REPOSITORY, no git remote) says how to give one', async () => {
    const result = await cli(['gate', '--github-url', standIn.url], { env: github() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pass --repository OWNER/NAME');
    const bad = await cli(['gate', '--github-url', standIn.url, '--repository', 'shop'], { env: github() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('shipshape: the repository "shop" is not OWNER/NAME\n');
    expect(standIn.requests).toEqual([]);
  });

  it('incident: opens a record in the repository given by GITHUB_REPOSITORY; the token never shows', async () => {
    const result = await cli(['incident', '--title', 'Checkout is slow', '--severity', 'p1', '--json'], {
      env: { ...github(), GITHUB_API_URL: standIn.url, GITHUB_REPOSITORY: DEMO_REPOSITORY },
    });
    expect(result.code).toBe(0);
    const outputs = JSON.parse(result.stdout) as Record<string, string>;
    expect(outputs).toMatchObject({ created: 'true', severity: 'sev2', 'issue-number': '1' });
    const issue = standIn.state.repo('octo-org', 'shop').issues.get(1);
    expect(issue?.labels).toEqual(expect.arrayContaining(['incident', 'sev2']));
    expect(result.stdout + result.stderr).not.toContain('ghs_cliTestToken');
  });

  it('gate: a bad flag gets the same message as the action, and nothing is sent', async () => {
    const viaCli = await cli(
      ['gate', '--github-url', standIn.url, '--repository', DEMO_REPOSITORY, '--sha', 'not-a-sha'],
      { env: github() },
    );
    const viaRunner = await runActionBundle(join(REPO_ROOT, 'actions/deploy-gate'), {
      inputs: { sha: 'not-a-sha' },
      apiUrl: standIn.url,
    });
    expect(viaRunner.errors).toEqual(['Input \'sha\' was "not-a-sha": expected a commit sha of 40 hex characters.']);
    expect(viaCli.code).toBe(viaRunner.exitCode);
    expect(viaCli.stderr).toBe(`error: ${viaRunner.errors[0]}\n`);
    expect(standIn.requests).toEqual([]);
  });

  it('incident: a bad flag gets the same message as the action, exit 1, and nothing is sent', async () => {
    const env = { ...github(), GITHUB_API_URL: standIn.url, GITHUB_REPOSITORY: DEMO_REPOSITORY };
    const viaCli = await cli(['incident', '--title', 'Checkout is slow', '--severity', 'sev9'], { env });
    const viaRunner = await runActionBundle(join(REPO_ROOT, 'actions/incident'), {
      inputs: { title: 'Checkout is slow', severity: 'sev9' },
      apiUrl: standIn.url,
    });
    expect(viaRunner.errors).toHaveLength(1);
    expect(viaRunner.errors[0]).toContain('Input \'severity\' was "sev9"');
    expect(viaCli.code).toBe(1);
    expect(viaCli.code).toBe(viaRunner.exitCode);
    expect(viaCli.stderr).toBe(`error: ${viaRunner.errors[0]}\n`);
    expect(standIn.requests).toEqual([]);
  });

  it('status-page: builds the page into the workspace and prints the outputs as JSON', async () => {
    const result = await cli(['status-page', '--checks', '- name: healthz', '--json'], {
      env: { ...github(), GITHUB_API_URL: standIn.url, GITHUB_REPOSITORY: DEMO_REPOSITORY },
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      status: 'degraded_performance',
      stale: 'true',
      'open-incidents': '0',
      'last-sample-at': '',
      'page-path': join(workspace, 'status-site/index.html'),
    });
    expect(result.stderr).toBe(
      'warning: No history file on branch status-data in the last 90 days: every check shows "no data".\n',
    );
    expect(existsSync(join(workspace, 'status-site/index.html'))).toBe(true);
  });

  it('incident: without a token says so', async () => {
    const result = await cli(['incident', '--title', 'x'], { env: { GITHUB_REPOSITORY: DEMO_REPOSITORY } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('shipshape incident needs GitHub here (incident records are GitHub issues)');
  });
});

describe('shipshape backup', () => {
  it('backs up files into a folder without GitHub, and status then reports it (JSON)', async () => {
    mkdirSync(join(workspace, 'data'));
    writeFileSync(join(workspace, 'data/a.txt'), 'alpha\n');
    const backup = await cli(['backup', '--source', 'files', '--paths', 'data/**', '--name', 'site', '--json']);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const outputs = JSON.parse(backup.stdout) as Record<string, string>;
    expect(outputs.verified).toBe('true');
    expect(outputs.location).toBe(join(workspace, 'backups/site', `${outputs['backup-id']}.tar.gz`));
    expect(existsSync(outputs.location)).toBe(true);

    const status = await cli(['backup', '--mode', 'status', '--name', 'site', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)['latest-id']).toBe(outputs['backup-id']);
  });

  it('gives a bad retention flag the same message as the action', async () => {
    const viaCli = await cli(['backup', '--source', 'files', '--paths', 'data/**', '--keep-daily', 'seven']);
    const viaRunner = await runActionBundle(join(REPO_ROOT, 'actions/backup'), {
      inputs: { source: 'files', paths: 'data/**', 'keep-daily': 'seven' },
    });
    expect(viaRunner.errors).toHaveLength(1);
    expect(viaRunner.errors[0]).toContain('Input \'keep-daily\' was "seven"');
    expect(viaCli.code).toBe(viaRunner.exitCode);
    expect(viaCli.stderr).toBe(`error: ${viaRunner.errors[0]}\n`);
  });

  it('runs in the folder --workspace names, which bounds the files inputs name', async () => {
    mkdirSync(join(workspace, 'site/data'), { recursive: true });
    writeFileSync(join(workspace, 'site/data/a.txt'), 'alpha\n');
    const result = await cli([
      'backup',
      '--workspace',
      'site',
      '--name',
      'site',
      '--source',
      'files',
      '--paths',
      'data/**',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).location).toMatch(new RegExp(`^${join(workspace, 'site/backups/')}`));
    const outside = await cli([
      'backup',
      '--workspace',
      'site',
      '--name',
      'site',
      '--source',
      'files',
      '--paths',
      '../x/**',
    ]);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/^error: Input 'paths'/);
    const missing = await cli(['backup', '--workspace', 'nowhere']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`shipshape: the workspace ${join(workspace, 'nowhere')} is not a folder\n`);
  });

  it('exits with the action verdict when the newest backup is too old', async () => {
    const status = await cli(['backup', '--mode', 'status', '--name', 'nothing-yet']);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/^error: /);
  });
});

describe('help', () => {
  it('lists every input of action.yml with its flag, variable, default and description', async () => {
    const result = await cli(['backup', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  --keep-daily   SHIPSHAPE_KEEP_DAILY\n');
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(
      '--keep-daily SHIPSHAPE_KEEP_DAILY Retention; keep the newest backup of each of the last N days that have one.',
    );
    expect(result.stdout).toMatch(/ {2}--compression {3}SHIPSHAPE_COMPRESSION\n(?: {6}.*\n)+ {6}default: gzip\n/);
    expect(result.stdout).toContain('GitHub: not needed.');
  });

  it("shows smoke-test's config input as --checks-config, since --config names shipshape.yml", async () => {
    const result = await cli(['smoke', '--help']);
    expect(result.stdout).toContain("--checks-config (the 'config' input)   SHIPSHAPE_CHECKS_CONFIG");
    expect(result.stdout).toContain('default: 10s');
  });

  it('no command at all is a usage error: the usage on stderr, exit 2', async () => {
    const result = await cli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('usage: shipshape <command>');
    expect(result.stderr).toContain('  status-page  ');
  });

  it('an unknown command exits 2 with the list of commands', async () => {
    const result = await cli(['deploy']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "deploy"');
    expect(result.stderr).toContain('  gate ');
  });
});
