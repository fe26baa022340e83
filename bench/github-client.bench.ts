// What the kernel's retry + throttling plugins cost over the plain `getOctokit` client an action would otherwise use.
import { getOctokit } from '@actions/github';
import { startGitHubStandIn } from '../src/github-standin/server.ts';
import { createGitHubClient } from '../src/kernel/github.ts';
import type { Benchmark } from './harness.ts';
import { medianMs } from './harness.ts';

export const benchmark: Benchmark = {
  name: 'kernel GitHub client',
  async run() {
    const standIn = await startGitHubStandIn();
    const repo = standIn.state.repo('octo-org', 'shop');
    for (let index = 0; index < 300; index++) repo.addIssue({ title: `incident ${index}`, labels: ['incident'] });
    const github = createGitHubClient('ghs_bench', { baseUrl: standIn.url, log: { warning() {}, debug() {} } });
    const ours = await medianMs(async () => {
      await github.paginate(github.rest.issues.listForRepo, { owner: 'octo-org', repo: 'shop', per_page: 100 });
    });
    const plain = getOctokit('ghs_bench', { baseUrl: standIn.url });
    const baseline = await medianMs(async () => {
      await plain.paginate(plain.rest.issues.listForRepo, { owner: 'octo-org', repo: 'shop', per_page: 100 });
    });
    await standIn.stop();
    return [
      {
        name: 'list 300 issues (3 pages)',
        unit: 'ms kernel client / ms plain getOctokit',
        ours,
        baseline,
        atMost: 2.5,
      },
    ];
  },
};
