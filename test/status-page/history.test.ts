// The status history writer against the GitHub stand-in's contents API: one file a day on its own
// branch, appends that survive a concurrent run and a lost answer, never the default branch.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentsOf } from '../../src/github-standin/routes-contents.ts';
import { type GitHubStandIn, startGitHubStandIn } from '../../src/github-standin/server.ts';
import type { RepoState } from '../../src/github-standin/state.ts';
import { createGitHubClient } from '../../src/kernel/github.ts';
import {
  appendHistory,
  historyBranchProblem,
  parseHistory,
  type RoundSample,
  samplesToJsonl,
} from '../../src/kernel/status-history.ts';

const REPO = { owner: 'octo-org', repo: 'shop' };
let standIn: GitHubStandIn;
let repo: RepoState;

beforeEach(async () => {
  standIn = await startGitHubStandIn();
  repo = standIn.state.repo('octo-org', 'shop');
});
afterEach(async () => {
  await standIn.stop();
  expect(standIn.violations).toEqual([]);
});

function client() {
  return createGitHubClient('ghs_historyToken0123456789', {
    baseUrl: standIn.url,
    log: { warning() {}, debug() {} },
  });
}

function round(time: string, verdicts: Record<string, 'passed' | 'failed'>): RoundSample[] {
  return Object.entries(verdicts).map(([check, verdict]) => ({
    time,
    check,
    verdict,
    status: verdict === 'passed' ? 200 : 502,
    latency: verdict === 'passed' ? 120 : 31,
  }));
}

const fileOn = (branch: string, path: string) => contentsOf(repo).branches.get(branch)?.files.get(path);
const noSleep = async () => {};

describe('appendHistory', () => {
  it('starts an orphan branch and writes the day file, one JSON object a line', async () => {
    const samples = round('2026-12-01T10:00:00.000Z', { home: 'passed', api: 'failed' });
    const written = await appendHistory(client(), REPO, 'status-data', samples);
    expect(written).toEqual([{ path: 'history/2026-12-01.jsonl', samples: 2, attempts: 1, alreadyWritten: false }]);
    expect(fileOn('status-data', 'history/2026-12-01.jsonl')).toBe(
      '{"time":"2026-12-01T10:00:00.000Z","check":"home","verdict":"passed","status":200,"latency":120}\n' +
        '{"time":"2026-12-01T10:00:00.000Z","check":"api","verdict":"failed","status":502,"latency":31}\n',
    );
    const branch = contentsOf(repo).branches.get('status-data');
    expect([...(branch?.files.keys() ?? [])].sort()).toEqual(['README.md', 'history/2026-12-01.jsonl']);
    expect(branch?.commits.map((commit) => commit.message)).toEqual([
      'status history: start the branch [skip ci]',
      'status history: 2 samples for 2026-12-01 [skip ci]',
    ]);
    // The default branch is untouched.
    expect([...(contentsOf(repo).branches.get('main')?.files.keys() ?? [])]).toEqual([]);
  });

  it('appends to the existing file and splits a round across midnight into two files', async () => {
    const github = client();
    await appendHistory(github, REPO, 'status-data', round('2026-11-30T23:45:00.000Z', { home: 'passed' }));
    await appendHistory(github, REPO, 'status-data', [
      ...round('2026-11-30T23:59:59.000Z', { home: 'failed' }),
      ...round('2026-12-01T00:00:01.000Z', { api: 'passed' }),
    ]);
    const first = parseHistory(fileOn('status-data', 'history/2026-11-30.jsonl') ?? '');
    expect(first.samples.map((s) => `${s.time} ${s.verdict}`)).toEqual([
      '2026-11-30T23:45:00.000Z passed',
      '2026-11-30T23:59:59.000Z failed',
    ]);
    expect(parseHistory(fileOn('status-data', 'history/2026-12-01.jsonl') ?? '').samples).toHaveLength(1);
    expect(standIn.countRequests('POST', /\/git\/refs$/)).toBe(1);
  });

  it('keeps both runs when two write the same day at once: the loser gets 409 and appends after re-reading', async () => {
    const github = client();
    await appendHistory(github, REPO, 'status-data', round('2026-12-01T09:45:00.000Z', { home: 'passed' }));
    // Both runs read the same sha before either writes: a real race.
    standIn.barrier(2, (method, path) => method === 'GET' && path.includes('/contents/'));
    const [a, b] = await Promise.all([
      appendHistory(github, REPO, 'status-data', round('2026-12-01T10:00:00.000Z', { home: 'passed' }), {
        sleep: noSleep,
      }),
      appendHistory(client(), REPO, 'status-data', round('2026-12-01T10:00:02.000Z', { home: 'failed' }), {
        sleep: noSleep,
      }),
    ]);
    expect([a[0].attempts, b[0].attempts].sort()).toEqual([1, 2]);
    expect(standIn.requests.filter((r) => r.method === 'PUT' && r.status === 409)).toHaveLength(1);
    const lines = (fileOn('status-data', 'history/2026-12-01.jsonl') ?? '').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('09:45:00');
    expect(lines.slice(1).sort()).toEqual(
      [
        samplesToJsonl(round('2026-12-01T10:00:00.000Z', { home: 'passed' })).trim(),
        samplesToJsonl(round('2026-12-01T10:00:02.000Z', { home: 'failed' })).trim(),
      ].sort(),
    );
  });

  it('writes once when the answer to a write is lost: the retry finds its lines and stops', async () => {
    const github = client();
    await appendHistory(github, REPO, 'status-data', round('2026-12-01T09:45:00.000Z', { home: 'passed' }));
    standIn.failNext(1, {
      status: 502,
      body: { message: 'Bad Gateway' },
      afterHandling: true,
      match: (method) => method === 'PUT',
    });
    const written = await appendHistory(
      github,
      REPO,
      'status-data',
      round('2026-12-01T10:00:00.000Z', { api: 'failed' }),
      {
        sleep: noSleep,
      },
    );
    expect(written[0].alreadyWritten).toBe(true);
    const text = fileOn('status-data', 'history/2026-12-01.jsonl') ?? '';
    expect(text.split('\n').filter((line) => line.includes('"api"'))).toHaveLength(1);
  });

  it('appends to a day file over 1 MB, which the contents API sends without content, through the blob API', async () => {
    const github = client();
    // 20 checks every minute: about 2.7 MB a day.
    const minutes = Array.from({ length: 1440 }, (_, minute) =>
      new Date(Date.UTC(2026, 11, 1, 0, minute)).toISOString(),
    );
    const big = minutes.flatMap((time) =>
      round(time, Object.fromEntries(Array.from({ length: 20 }, (_, check) => [`check-${check}`, 'passed' as const]))),
    );
    contentsOf(repo).branches.set('status-data', {
      head: 'a'.repeat(40),
      files: new Map([['history/2026-12-01.jsonl', samplesToJsonl(big)]]),
      commits: [],
    });
    await appendHistory(github, REPO, 'status-data', round('2026-12-01T23:59:30.000Z', { home: 'failed' }));
    const parsed = parseHistory(fileOn('status-data', 'history/2026-12-01.jsonl') ?? '');
    expect(parsed.samples).toHaveLength(28_801);
    expect(parsed.samples.at(-1)).toMatchObject({ check: 'home', verdict: 'failed' });
    expect(standIn.countRequests('GET', /\/git\/blobs\//)).toBe(1);
  });

  it('refuses the default branch before writing anything', async () => {
    await expect(
      appendHistory(client(), REPO, 'main', round('2026-12-01T10:00:00.000Z', { home: 'passed' })),
    ).rejects.toThrow(
      `Input 'history' was "main": that is the repository's default branch; history is kept on a branch of its own (e.g. status-data).`,
    );
    expect(standIn.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('gives up after the attempts it was given when every write conflicts', async () => {
    const github = client();
    await appendHistory(github, REPO, 'status-data', round('2026-12-01T09:45:00.000Z', { home: 'passed' }));
    standIn.failNext(3, { status: 409, body: { message: 'conflict' }, match: (method) => method === 'PUT' });
    await expect(
      appendHistory(github, REPO, 'status-data', round('2026-12-01T10:00:00.000Z', { home: 'passed' }), {
        maxAttempts: 3,
        sleep: noSleep,
      }),
    ).rejects.toMatchObject({ status: 409 });
    expect(standIn.countRequests('PUT')).toBe(4);
  });
});

describe('parseHistory', () => {
  it('reads valid lines and counts the rest as skipped', () => {
    const text =
      '{"time":"2026-12-01T10:00:00Z","check":"home","verdict":"passed","status":200,"latency":80}\n' +
      'not json\n' +
      '{"time":"2026-12-01T10:15:00Z","check":"home","verdict":"maybe"}\n' +
      '{"time":"yesterday","check":"home","verdict":"passed"}\n' +
      '\n' +
      '{"time":"2026-12-01T10:30:00Z","check":"home","verdict":"failed","status":null,"latency":null}';
    const parsed = parseHistory(text);
    expect(parsed.skipped).toBe(3);
    expect(parsed.samples).toEqual([
      { time: '2026-12-01T10:00:00Z', check: 'home', verdict: 'passed', status: 200, latency: 80 },
      { time: '2026-12-01T10:30:00Z', check: 'home', verdict: 'failed', status: null, latency: null },
    ]);
  });
});

describe('historyBranchProblem', () => {
  it.each(['status-data', 'ops/status', 'status_data.v2'])('accepts %s', (name) => {
    expect(historyBranchProblem(name)).toBeUndefined();
  });
  it.each(['', '-x', '/x', 'a..b', 'x.lock', 'x/', 'a b', 'a@{1}', 'a//b', 'ä'])('refuses %j', (name) => {
    expect(historyBranchProblem(name)).toMatch(/^expected a branch name/);
  });
});
