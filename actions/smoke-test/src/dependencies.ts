// The smoke test's real dependencies: the kernel's HTTP probe, the system clock, the runner's log,
// and the rollback dispatch through the GitHub client, which is loaded only when a dispatch is needed.
import * as core from '@actions/core';
import { systemClock } from '../../../src/kernel/clock.ts';
import { createProbe } from '../../../src/kernel/http/probe.ts';
import type { SmokeConfig } from './inputs.ts';
import type { Dependencies } from './main.ts';

export function realDependencies(config: Pick<SmokeConfig, 'token'>): Dependencies {
  const github = async () => (await import('../../../src/kernel/github.ts')).createGitHubClient(config.token ?? '');
  return {
    probe: createProbe(),
    clock: systemClock,
    dispatchRollback: async (rollback) => {
      const [{ createGitHubClient }, { dispatchRollback }] = await Promise.all([
        import('../../../src/kernel/github.ts'),
        import('./dispatch.ts'),
      ]);
      return dispatchRollback(createGitHubClient(config.token ?? ''), rollback, systemClock);
    },
    appendHistory: async ({ branch, owner, repo }, samples) => {
      const { appendHistory } = await import('../../../src/kernel/status-history.ts');
      return appendHistory(await github(), { owner, repo }, branch, samples, { log: { info: core.info } });
    },
    log: core.info,
  };
}
