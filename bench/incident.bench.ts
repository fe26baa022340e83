// Requests per `open` against a repository with 250 open incident records, counted by the stand-in,
// next to what a naive check-then-create action sends for the same job.
import { join } from 'node:path';
import { createGitHubClient } from '../src/kernel/github.ts';
import { type GitHubStandIn, startGitHubStandIn } from '../test/support/github/server.ts';
import { REPO_ROOT, runActionBundle } from '../test/support/runner.ts';
import type { Benchmark } from './harness.ts';

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
    const result = await runActionBundle(join(REPO_ROOT, 'actions/incident'), {
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
    ];
  },
};
