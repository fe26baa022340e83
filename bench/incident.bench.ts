// Requests per `open` against a repository with 250 open incident records, counted by the stand-in,
// next to what a naive check-then-create action sends for the same job; what paging four channels
// that each answer after 200 ms adds to an `open`; and the requests of an escalation sweep.
import { join } from 'node:path';
import { type GitHubStandIn, startGitHubStandIn } from '../src/github-standin/server.ts';
import { createGitHubClient } from '../src/kernel/github.ts';
import { startPagerDuty, startSlack, startTeams, startWebhookReceiver } from '../test/support/paging/servers.ts';
import { REPO_ROOT, runActionBundle } from '../test/support/runner.ts';
import type { Benchmark, Comparison } from './harness.ts';

const ACTION = join(REPO_ROOT, 'actions/incident');
const CHANNEL_DELAY_MS = Number(process.env.BENCH_CHANNEL_DELAY_MS ?? 200);

/** Median wall time of an `open` of a new record, with or without the four channels (each 200 ms late). */
async function pagingCost(): Promise<Comparison> {
  const standIn = await startGitHubStandIn();
  const servers = await Promise.all([
    startPagerDuty(),
    startSlack(),
    startTeams(),
    startWebhookReceiver('bench-secret-0123456789'),
  ]);
  for (const server of servers) server.delayMs = CHANNEL_DELAY_MS;
  const [pagerDuty, slack, teams, receiver] = servers;
  const channels = {
    'pagerduty-routing-key': 'B3nchR0ut1ngKeyB3nchR0ut1ngKey12',
    'pagerduty-url': pagerDuty.url,
    'slack-webhook-url': `${slack.url}/services/x`,
    'teams-webhook-url': `${teams.url}/workflows/x`,
    'webhook-url': receiver.url,
    'webhook-secret': 'bench-secret-0123456789',
  };
  let counter = 0;
  const open = async (withChannels: boolean) => {
    const started = performance.now();
    const result = await runActionBundle(ACTION, {
      inputs: { title: `Bench ${counter++}`, severity: 'sev1', ...(withChannels ? channels : {}) },
      apiUrl: standIn.url,
      env: { GITHUB_RUN_ID: String(counter) },
    });
    if (result.exitCode !== 0) throw new Error(result.log);
    return performance.now() - started;
  };
  const samples: Array<[number, number]> = [];
  await open(true);
  for (let index = 0; index < 11; index++) samples.push([await open(false), await open(true)]);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const without = median(samples.map(([plain]) => plain));
  const withChannels = median(samples.map(([, paged]) => paged));
  await Promise.all([standIn.stop(), ...servers.map((server) => server.stop())]);
  console.log(
    `  open: ${without.toFixed(0)} ms without channels, ${withChannels.toFixed(0)} ms with four channels answering after ${CHANNEL_DELAY_MS} ms each`,
  );
  return {
    name: 'time an open spends on four channels (each 200 ms) vs one channel’s 200 ms',
    unit: 'ms',
    ours: Math.max(0, withChannels - without),
    baseline: CHANNEL_DELAY_MS,
    atMost: 1.3,
  };
}

/** Requests of one escalation sweep over 250 open records, 10 of them due (5 with their step taken already). */
async function sweepRequests(): Promise<Comparison[]> {
  const standIn = await startGitHubStandIn();
  const repo = standIn.state.repo('octo-org', 'shop');
  const policy = 'sev1: [{after: 5m, notify: ["@acme/oncall"]}]';
  for (let index = 0; index < 250; index++) {
    const due = index < 10;
    const detectedAt = new Date(Date.now() - (due ? 10 : 1) * 60_000).toISOString();
    const issue = repo.addIssue({
      title: `[SEV1] record ${index}`,
      labels: ['incident', 'sev1', 'status:investigating'],
      body: `<!-- shipshape:fingerprint=r${index} -->\n<!-- shipshape:facts {"fingerprint":"r${index}","severity":"sev1","source":"manual","detectedAt":"${detectedAt}","update":"x"} -->`,
    });
    if (index < 5) {
      const { stepId } = await import('../actions/incident/src/escalate.ts');
      repo.addComment(
        issue,
        `<!-- shipshape:update {"id":"${stepId(issue.number, 'sev1/r0/t0')}","kind":"escalation","at":"${detectedAt}","step":"sev1/r0/t0"} -->\nstep`,
      );
    }
  }
  const result = await runActionBundle(ACTION, {
    inputs: { mode: 'escalate', escalation: policy },
    apiUrl: standIn.url,
  });
  if (result.exitCode !== 0) throw new Error(result.log);
  const listPages = standIn.countRequests('GET', /\/issues$/);
  const timelineReads = standIn.countRequests('GET', /\/comments$/);
  const steps = standIn.countRequests('POST', /\/comments$/);
  const claims = standIn.countRequests('POST', /\/labels$/) + standIn.countRequests('DELETE', /\/labels\/[^/]+$/);
  const total = standIn.requests.length;
  await standIn.stop();
  console.log(
    `  sweep: ${total} requests = ${listPages} list pages + ${timelineReads} timeline reads (one per due record) + ${claims} claim label writes (take and release, per due record) + ${steps} step comments; 240 records not due: 0 requests`,
  );
  return [
    {
      name: 'timeline reads per sweep vs records due (the issue: one read per due record, none for the rest)',
      unit: 'requests',
      ours: timelineReads,
      baseline: 10,
      atMost: 1,
    },
    {
      name: 'requests per sweep vs list pages + (claim, read, release) per due record + 1 comment per step taken',
      unit: 'requests',
      ours: total,
      baseline: listPages + 3 * 10 + 5,
      atMost: 1,
    },
  ];
}

const LABELS = ['incident', 'sev3', 'status:investigating', 'source:manual'];

async function seeded(): Promise<GitHubStandIn> {
  const standIn = await startGitHubStandIn();
  const repo = standIn.state.repo('octo-org', 'shop');
  standIn.state.clock = () => new Date(Date.now() - 86_400_000);
  for (let index = 0; index < 250; index++) {
    repo.addIssue({
      title: `[SEV3] record ${index}`,
      labels: LABELS,
      body: `<!-- shipshape:fingerprint=r${index} -->`,
    });
  }
  standIn.state.clock = () => new Date();
  return standIn;
}

export const benchmark: Benchmark = {
  name: 'incident open: API requests with 250 open records',
  async run() {
    const ours = await seeded();
    // Every label exists in the repository, but no listed record carries sev1: still no label write.
    ours.state.repo('octo-org', 'shop').addLabel('sev1', 'b60205', 'Critical: respond within 15 min');
    const result = await runActionBundle(ACTION, {
      inputs: { title: 'Checkout down', severity: 'sev1' },
      apiUrl: ours.url,
    });
    if (result.exitCode !== 0) throw new Error(result.log);
    const listPages = ours.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issues')).length - 1;
    // sev1 is on no listed record, so the repository's labels are read once (a read, not a write).
    const labelReads = ours.countRequests('GET', /\/labels$/);
    const ourRequests = ours.requests.length;
    const labelWrites = ours.countRequests('POST', /\/labels$/);
    await ours.stop();

    // Naive: read every open issue with default paging, check each label, then create.
    const naive = await seeded();
    const github = createGitHubClient('ghs_bench', { baseUrl: naive.url, log: { warning() {}, debug() {} } });
    const repo = { owner: 'octo-org', repo: 'shop' };
    const open = await github.paginate(github.rest.issues.listForRepo, { ...repo, state: 'open' });
    if (!open.some((issue) => issue.title.endsWith('Checkout down'))) {
      for (const name of LABELS) await github.rest.issues.getLabel({ ...repo, name });
      await github.rest.issues.create({ ...repo, title: '[SEV3] Checkout down', labels: LABELS });
    }
    const naiveRequests = naive.requests.length;
    await naive.stop();

    console.log(
      `  ours: ${ourRequests} requests (${listPages} list pages + ${labelReads} label list + 1 create + 1 re-list), label writes: ${labelWrites}`,
    );
    console.log(`  naive check-then-create: ${naiveRequests} requests, and no protection against a parallel run`);
    return [
      {
        name: 'requests per open vs the allowed list pages + 1 label list + 1 create + 1 re-list',
        unit: 'requests',
        ours: ourRequests,
        baseline: listPages + labelReads + 2,
        atMost: 1,
      },
      {
        name: 'requests per open vs naive check-then-create',
        unit: 'requests',
        ours: ourRequests,
        baseline: naiveRequests,
        atMost: 1,
      },
      await pagingCost(),
      ...(await sweepRequests()),
    ];
  },
};
