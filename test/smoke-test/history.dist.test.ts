// The bundled action's `history` input run the way the runner runs it, against a real local service
// and the GitHub stand-in's contents API: the day files it leaves, a concurrent run writing the same
// file, and a write that fails without touching the verdict or the rollback.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SmokeConfig } from '../../actions/smoke-test/src/inputs.ts';
import { smokeTest } from '../../actions/smoke-test/src/main.ts';
import { blobSha, contentsOf } from '../../src/github-standin/routes-contents.ts';
import { type GitHubStandIn, startGitHubStandIn } from '../../src/github-standin/server.ts';
import { createGitHubClient } from '../../src/kernel/github.ts';
import { DEFAULT_STATUS } from '../../src/kernel/http/exchange.ts';
import { appendHistory, dayOf, parseHistory } from '../../src/kernel/status-history.ts';
import { REPO_ROOT, type RunOptions, runActionBundle } from '../support/runner.ts';
import { startTestService, type TestService } from './test-service.ts';

const action = join(REPO_ROOT, 'actions/smoke-test');
const TOKEN = 'ghs_historyDistToken0123456789';
let service: TestService;
let standIn: GitHubStandIn;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service.stop();
});
beforeEach(async () => {
  service.requests.length = 0;
  service.health.score = 0.99;
  standIn = await startGitHubStandIn();
});
afterEach(async () => {
  await standIn.stop();
  expect(standIn.violations).toEqual([]);
});

const CHECKS = `
- name: healthz
  url: /healthz
  expect:
    json: ["$.integrity.score >= 0.95"]
- name: home
  url: /echo
`;

function runSmoke(inputs: Record<string, string>, options: Omit<RunOptions, 'inputs'> = {}) {
  return runActionBundle(action, {
    apiUrl: standIn.url,
    event: 'push',
    token: TOKEN,
    ...options,
    inputs: { 'base-url': service.url, 'retry-delay': '100ms', checks: CHECKS, ...inputs },
  });
}

function branch(name: string) {
  return contentsOf(standIn.state.repo('octo-org', 'shop')).branches.get(name);
}

/** Every history file on the branch, path -> its lines parsed. */
function historyFiles(name: string) {
  const files = branch(name)?.files ?? new Map<string, string>();
  return Object.fromEntries(
    [...files].filter(([path]) => path.startsWith('history/')).map(([path, text]) => [path, parseHistory(text)]),
  );
}

describe('history: the bundled action appends its rounds to a branch', () => {
  it('creates the branch and writes every check of every round to the day file, after the watch', async () => {
    const result = await runSmoke({ history: 'status-data', watch: '2s', interval: '1s', 'failure-threshold': '1' });
    expect(result.exitCode).toBe(0);
    expect(result.warnings).toEqual([]);
    const rounds = Number(result.outputs.rounds);
    expect([1, 2]).toContain(rounds);
    const files = historyFiles('status-data');
    const samples = Object.values(files).flatMap((file) => file.samples);
    expect(Object.values(files).map((file) => file.skipped)).toEqual(Object.keys(files).map(() => 0));
    expect(samples).toHaveLength(2 * rounds);
    samples.forEach((sample, index) => {
      expect(sample).toEqual({
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        check: index % 2 === 0 ? 'healthz' : 'home',
        verdict: 'passed',
        status: 200,
        latency: expect.any(Number),
      });
    });
    // Each sample sits in its own UTC day's file.
    for (const [path, file] of Object.entries(files)) {
      for (const sample of file.samples) expect(path).toBe(`history/${dayOf(sample.time)}.jsonl`);
    }
    expect(branch('status-data')?.files.get('README.md')).toContain('# Status history');
    // The code's branch is never written.
    expect(branch('main')?.commits).toEqual([]);
    const writes = standIn.requests.filter((request) => request.method !== 'GET');
    expect(writes.map((request) => [request.method, request.path])).toEqual([
      ['POST', '/repos/octo-org/shop/git/trees'],
      ['POST', '/repos/octo-org/shop/git/commits'],
      ['POST', '/repos/octo-org/shop/git/refs'],
      // Octokit sends the path's slash encoded, as GitHub accepts it.
      ...Object.keys(files).map((path) => ['PUT', `/repos/octo-org/shop/contents/${encodeURIComponent(path)}`]),
    ]);
    expect(standIn.requests.every((request) => request.authorization === `token ${TOKEN}`)).toBe(true);
    const paths = Object.keys(files).join(' and ');
    expect(result.summary).toContain(`History: ${2 * rounds} results appended to ${paths} on branch status-data.`);
    expect(result.log).toContain(`History: appended ${2 * rounds} results to ${paths} on status-data.`);
    expect(result.log).not.toContain(TOKEN);
  });

  it('keeps both runs’ lines when two runs write the same day file at once (the loser re-reads on 409)', async () => {
    const day = dayOf(new Date());
    const path = `history/${day}.jsonl`;
    const earlier = `{"time":"${day}T00:00:00.000Z","check":"healthz","verdict":"passed","status":200,"latency":12}\n`;
    contentsOf(standIn.state.repo('octo-org', 'shop')).branches.set('status-data', {
      head: blobSha('seeded head'),
      files: new Map([[path, earlier]]),
      commits: [],
    });
    // Both runs read the file before either writes: a real race on the same sha.
    standIn.barrier(2, (method, requestPath) => method === 'GET' && requestPath.includes('/contents/history'));
    const [first, second] = await Promise.all([
      runSmoke({ history: 'status-data' }),
      runSmoke({ history: 'status-data', checks: '- name: api\n  url: /healthz\n' }),
    ]);
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    expect([...first.warnings, ...second.warnings]).toEqual([]);
    const text = branch('status-data')?.files.get(path) ?? '';
    expect(text.startsWith(earlier)).toBe(true);
    const checks = parseHistory(text).samples.map((sample) => sample.check);
    expect(checks.slice(1).sort()).toEqual(['api', 'healthz', 'home']);
    expect(checks).toHaveLength(4);
    const puts = standIn.requests.filter((request) => request.method === 'PUT');
    expect(puts.map((request) => request.status).sort()).toEqual([200, 200, 409]);
    expect(`${first.log}\n${second.log}`).toContain(`${path} changed while writing (HTTP 409); reading it again`);
  });

  it('dispatches the rollback first; a history write that fails only warns', async () => {
    service.health.score = 0.5;
    standIn.failNext(1, {
      status: 403,
      body: { message: 'Resource not accessible by integration' },
      match: (method) => method === 'PUT',
    });
    const result = await runSmoke({ history: 'status-data', 'rollback-workflow': 'rollback.yml' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ passed: 'false', tripped: 'true', 'rollback-dispatched': 'true' });
    expect(standIn.state.repo('octo-org', 'shop').dispatches).toHaveLength(1);
    const paths = standIn.requests.map((request) => `${request.method} ${request.path}`);
    const dispatch = paths.indexOf('POST /repos/octo-org/shop/actions/workflows/rollback.yml/dispatches');
    const firstHistory = paths.findIndex((path) => path.includes('/contents/') || path.includes('/git/'));
    expect(dispatch).toBeGreaterThan(-1);
    expect(firstHistory).toBeGreaterThan(dispatch);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(
      /^History: could not append 2 results to branch status-data \(the verdict stands\): .*403.*Resource not accessible by integration/,
    );
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^Smoke test tripped: 1 of 2 checks failed/);
    expect(result.summary).toContain('History: could not append 2 results to branch status-data (the verdict stands)');
    expect(result.log).not.toContain(TOKEN);
  });

  it('refuses the default branch GitHub names (the payload did not), with a warning and no write', async () => {
    // The push payload names `master`; the stand-in's repository says `main`.
    const result = await runSmoke({ history: 'main' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.passed).toBe('true');
    expect(result.warnings).toEqual([
      `History: could not append 2 results to branch main (the verdict stands): Input 'history' was "main": that is the repository's default branch; history is kept on a branch of its own (e.g. status-data).`,
    ]);
    expect(standIn.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /repos/octo-org/shop',
    ]);
  });
});

describe('history: bad input stops the bundle before any request', () => {
  it.each([
    [
      'a name git refuses',
      { history: 'status..data' },
      `Input 'history' was "status..data": expected a branch name such as status-data`,
    ],
    [
      'the default branch named by the event payload',
      { history: 'master' },
      `Input 'history' was "master": that is the repository's default branch; history is kept on a branch of its own (e.g. status-data).`,
    ],
    [
      'a full ref instead of a branch name',
      { history: 'refs/heads/status-data' },
      `Input 'history' was "refs/heads/status-data": expected a branch name without "refs/": write "status-data".`,
    ],
    ['no token', { history: 'status-data', token: '' }, `Input 'token'`],
  ] as Array<[string, Record<string, string>, string]>)('%s', async (_, inputs, message) => {
    const result = await runSmoke(inputs);
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(message);
    if (inputs.token === '') expect(result.errors[0]).toContain("required to write 'history' (contents: write).");
    expect(result.log).not.toMatch(/\n\s+at /);
    expect(service.requests).toEqual([]);
    expect(standIn.requests).toEqual([]);
    expect(result.outputs).toEqual({});
  });
});

describe('history across midnight (the core with the real writer, on a moved clock)', () => {
  it('appends the rounds before midnight to one day file and those after to the next', async () => {
    let now = Date.parse('2026-11-30T23:59:00Z');
    const started = now;
    const config: SmokeConfig = {
      checks: [
        {
          name: 'healthz',
          url: 'https://shop.example.com/healthz',
          method: 'GET',
          headers: {},
          secretHeaders: [],
          timeoutMs: 1_000,
          samples: 1,
          followRedirects: true,
          expect: { status: DEFAULT_STATUS, json: [], bodyContains: [], headers: {} },
          usedVariables: [],
        },
      ],
      retries: 0,
      retryDelayMs: 1_000,
      concurrency: 1,
      watch: { windowMs: 120_000, intervalMs: 30_000, failureThreshold: 3 },
      history: { branch: 'status-data', owner: 'octo-org', repo: 'shop' },
      secrets: [],
      unmaskedVariables: [],
    };
    const github = createGitHubClient(TOKEN, { baseUrl: standIn.url, log: { warning() {}, debug() {} } });
    const result = await smokeTest(config, {
      probe: async () => ({
        kind: 'response',
        response: {
          status: 200,
          headers: {},
          body: Buffer.from('{}'),
          bodyBytes: 2,
          truncated: false,
          latencyMs: 25,
          certificates: [],
        },
      }),
      clock: {
        now: () => new Date(now),
        monotonicMs: () => now - started,
        sleep: async (ms) => {
          now += ms;
        },
      },
      dispatchRollback: () => Promise.reject(new Error('no rollback here')),
      appendHistory: ({ owner, repo, branch: name }, samples) => appendHistory(github, { owner, repo }, name, samples),
      log: () => {},
    });
    expect(result.verdict).toBe('passed');
    expect(result.history?.error).toBeUndefined();
    const line = (time: string) =>
      `{"time":"${time}","check":"healthz","verdict":"passed","status":200,"latency":25}\n`;
    expect(branch('status-data')?.files.get('history/2026-11-30.jsonl')).toBe(
      line('2026-11-30T23:59:00.000Z') + line('2026-11-30T23:59:30.000Z'),
    );
    expect(branch('status-data')?.files.get('history/2026-12-01.jsonl')).toBe(
      line('2026-12-01T00:00:00.000Z') + line('2026-12-01T00:00:30.000Z'),
    );
  });
});
