// Deploy gate: GitHub requests for a commit with 250 check runs and 30 statuses, what a 10-minute wait
// costs when nothing changes (every poll after the first answered 304), and how soon the gate decides
// after the last pending check completes. Waits run on a fake clock against the real stand-in.
import { join } from 'node:path';
import { runGate } from '../actions/deploy-gate/src/gate.ts';
import { gateGitHub } from '../actions/deploy-gate/src/github-facts.ts';
import type { DeployGateConfig } from '../actions/deploy-gate/src/inputs.ts';
import { type CheckRunRecord, deploysOf } from '../src/github-standin/routes-deploys.ts';
import { type GitHubStandIn, startGitHubStandIn } from '../src/github-standin/server.ts';
import { createGitHubClient } from '../src/kernel/github.ts';
import { FakeClock } from '../test/deploy-gate/fakes.ts';
import { REPO_ROOT, runActionBundle, webhookPayload } from '../test/support/runner.ts';
import type { Benchmark, Comparison } from './harness.ts';

const SHA = String(webhookPayload('push').after);
const INTERVAL_MS = 15_000;

async function seeded(pendingName?: string): Promise<{ standIn: GitHubStandIn; pending?: CheckRunRecord }> {
  const standIn = await startGitHubStandIn();
  const deploys = deploysOf(standIn.state);
  for (let index = 0; index < 250; index++) deploys.addCheckRun({ name: `job-${index}`, headSha: SHA });
  for (let index = 0; index < 30; index++) deploys.addStatus({ sha: SHA, context: `ci/status-${index}` });
  const pending = pendingName
    ? deploys.addCheckRun({ name: pendingName, headSha: SHA, status: 'in_progress', conclusion: null })
    : undefined;
  return { standIn, ...(pending ? { pending } : {}) };
}

const checkRequests = (standIn: GitHubStandIn) =>
  standIn.requests.filter((request) => /\/commits\/[0-9a-f]+\/(check-runs|status)$/.test(request.path));

function config(waitMs: number): DeployGateConfig {
  return {
    mode: 'deploy',
    sha: SHA,
    environment: 'production',
    requiredChecks: [],
    ignoreChecks: [],
    waitMs,
    pollIntervalMs: INTERVAL_MS,
    requiredApprovals: 0,
    blockSeverities: [],
    freeze: [],
    overrideFreeze: false,
    paths: [],
    dryRun: false,
    token: 'ghs_bench',
    secrets: [],
  };
}

/** The gate in-process with the real adapter and GitHub client, on a fake clock. */
function gateAgainst(standIn: GitHubStandIn, clock: FakeClock) {
  const github = gateGitHub(
    createGitHubClient('ghs_bench', { baseUrl: standIn.url, log: { warning() {}, debug() {} } }),
    { owner: 'octo-org', repo: 'shop' },
  );
  return {
    github: async () => github,
    readIntegrity: async () => ({ kind: 'unreadable' as const, source: '', problem: '' }),
    readBackup: async () => ({ kind: 'unreadable' as const, where: '', problem: '' }),
    clock,
    run: { repository: 'octo-org/shop', serverUrl: 'https://github.com' },
    log: { info() {}, warning() {} },
  };
}

export const benchmark: Benchmark = {
  name: 'deploy gate: GitHub requests and time to decision',
  async run(): Promise<Comparison[]> {
    // 1. All complete, judged at once through the bundle: 3 pages of check runs + 1 of statuses.
    const complete = await seeded();
    const result = await runActionBundle(join(REPO_ROOT, 'actions/deploy-gate'), {
      inputs: { wait: '0', 'block-severities': '' },
      apiUrl: complete.standIn.url,
    });
    if (result.outputs.allowed !== 'true') throw new Error(result.log);
    const pages = checkRequests(complete.standIn).length;
    const allRequests = complete.standIn.requests.length;
    await complete.standIn.stop();

    // 2. Ten minutes at 15 s with nothing changing.
    const idle = await seeded('e2e');
    const idleClock = new FakeClock();
    const idleDecision = await runGate(config(600_000), gateAgainst(idle.standIn, idleClock));
    const idleRequests = checkRequests(idle.standIn);
    const firstPoll = idleRequests.slice(0, 4);
    const later = idleRequests.slice(4);
    const laterNot304 = later.filter((request) => request.status !== 304).length;
    await idle.standIn.stop();

    // 3. The last pending check completes mid-wait (at a time that is not a poll time).
    const flip = await seeded('e2e');
    const flipClock = new FakeClock();
    const completesAtMs = 127_000;
    const sleep = flipClock.sleep.bind(flipClock);
    flipClock.sleep = async (ms) => {
      await sleep(ms);
      if (flipClock.ms >= completesAtMs && flip.pending?.status !== 'completed' && flip.pending) {
        flip.pending.status = 'completed';
        flip.pending.conclusion = 'success';
      }
    };
    let decidedAtMs = 0;
    const deps = gateAgainst(flip.standIn, flipClock);
    const decision = await runGate(config(1_200_000), deps);
    decidedAtMs = flipClock.ms;
    if (!decision.allowed) throw new Error(JSON.stringify(decision.gates));
    const lagMs = decidedAtMs - completesAtMs;
    await flip.standIn.stop();

    console.log(
      `  250 check runs + 30 statuses, all complete: ${pages} check/status requests (${allRequests} in all, incl. deployments)`,
    );
    console.log(
      `  10-minute wait at 15 s, nothing changes: ${idleDecision.polls} polls, ${idleRequests.length} requests; after the first poll (${firstPoll.length} requests) ${later.length - laterNot304} of ${later.length} answered 304`,
    );
    console.log(
      `  decision lag after the last pending check completed: ${(lagMs / 1000).toFixed(1)} s (interval 15 s)`,
    );
    return [
      {
        name: 'check/status pages for 250 check runs + 30 statuses',
        unit: 'requests',
        ours: pages,
        baseline: 4,
        atMost: 1,
      },
      {
        name: 'polls after the first not answered 304 during a 10-minute idle wait (+1 on both sides)',
        unit: 'requests + 1',
        ours: laterNot304 + 1,
        baseline: 1,
        atMost: 1,
      },
      {
        name: 'decision lag after the last check completes vs poll-interval',
        unit: 'ms',
        ours: lagMs,
        baseline: INTERVAL_MS,
        atMost: 1,
      },
    ];
  },
};
