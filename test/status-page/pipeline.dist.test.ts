// What smoke-test writes is what the page reads: rounds appended with the kernel writer to the
// stand-in's history branch (two runs at once), then the bundled status-page action builds from them.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type GitHubStandIn, startGitHubStandIn } from '../../src/github-standin/server.ts';
import { createGitHubClient } from '../../src/kernel/github.ts';
import { appendHistory, type RoundSample } from '../../src/kernel/status-history.ts';
import { REPO_ROOT, runActionBundle } from '../support/runner.ts';

let standIn: GitHubStandIn;
beforeEach(async () => {
  standIn = await startGitHubStandIn();
});
afterEach(async () => {
  await standIn.stop();
  expect(standIn.violations).toEqual([]);
});

it('builds the page from rounds two concurrent runs appended, with no data before the first round', async () => {
  const github = createGitHubClient('ghs_pipelineToken0123456789', {
    baseUrl: standIn.url,
    log: { warning() {}, debug() {} },
  });
  const repo = { owner: 'octo-org', repo: 'shop' };
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  const round = (time: string, verdict: 'passed' | 'failed'): RoundSample[] => [
    { time, check: 'home', verdict, status: verdict === 'passed' ? 200 : 503, latency: 90 },
  ];
  // Three earlier rounds one after the other, then two runs writing at the same moment.
  for (const minutesAgo of [50, 35, 20])
    await appendHistory(github, repo, 'status-data', round(at(minutesAgo), 'passed'));
  standIn.barrier(2, (method, path) => method === 'GET' && path.includes('/contents/'));
  await Promise.all([
    appendHistory(github, repo, 'status-data', round(at(5), 'failed'), { sleep: async () => {} }),
    appendHistory(github, repo, 'status-data', round(at(4), 'passed'), { sleep: async () => {} }),
  ]);

  const workspace = mkdtempSync(join(tmpdir(), 'status-pipeline-'));
  const result = await runActionBundle(join(REPO_ROOT, 'actions/status-page'), {
    apiUrl: standIn.url,
    workspace,
    inputs: { days: '7' },
  });
  expect(result.errors).toEqual([]);
  const uptime = JSON.parse(readFileSync(join(workspace, 'status-site/uptime/home.json'), 'utf8'));
  expect(uptime.rounds).toEqual({ counted: 5, passed: 4 });
  expect(uptime.uptime_percent).toBe('80.00%');
  expect(uptime.days).toHaveLength(7);
  // Rounds written around midnight UTC may fall on two days; every day before has no data.
  expect(uptime.days.slice(0, 5).every((day: { uptime: number | null }) => day.uptime === null)).toBe(true);
  expect(result.outputs.status).toBe('degraded_performance');
});
