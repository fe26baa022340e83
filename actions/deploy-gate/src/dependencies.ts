// The gate's real dependencies: the kernel's GitHub client (loaded on first use), the HTTP probe,
// the backup destination reader, the system clock and the runner's log.
import * as core from '@actions/core';
import { listManifests } from '../../../src/kernel/backup-store.ts';
import { systemClock } from '../../../src/kernel/clock.ts';
import { repositoryFromEnv, runContextFromEnv } from '../../../src/kernel/context.ts';
import { createProbe } from '../../../src/kernel/http/probe.ts';
import type { GateDeps } from './gate.ts';
import type { BackupFacts } from './gates.ts';
import { gateGitHub } from './github-facts.ts';
import type { BackupConfig, DeployGateConfig } from './inputs.ts';
import { readIntegrity } from './integrity-source.ts';

export function realDependencies(config: DeployGateConfig, env: NodeJS.ProcessEnv = process.env): GateDeps {
  for (const secret of config.secrets) core.setSecret(secret);
  for (const name of config.shortHeaderValues ?? []) {
    core.warning(`integrity-headers: the value of ${name} is shorter than 4 characters, so it is not masked.`);
  }
  const repository = repositoryFromEnv(env);
  const context = runContextFromEnv(env);
  const before = (context.payload as { before?: unknown }).before;
  return {
    github: async () => {
      const { createGitHubClient } = await import('../../../src/kernel/github.ts');
      return gateGitHub(createGitHubClient(config.token), repository);
    },
    readIntegrity: (integrity) =>
      readIntegrity(integrity, {
        probe: createProbe(),
        nowMs: () => Date.now(),
        sleep: systemClock.sleep,
      }),
    readBackup: (backup) => readBackup(backup, env),
    clock: systemClock,
    run: {
      repository: `${repository.owner}/${repository.repo}`,
      serverUrl: context.serverUrl,
      ...(context.actor ? { actor: context.actor } : {}),
      ...(env.GITHUB_RUN_ID ? { runId: env.GITHUB_RUN_ID } : {}),
      ...(context.runUrl ? { runUrl: context.runUrl } : {}),
      ...(env.GITHUB_JOB ? { job: env.GITHUB_JOB } : {}),
      ...(typeof before === 'string' && /^[0-9a-f]{40}$/i.test(before) ? { pushBefore: before } : {}),
    },
    log: { info: core.info, warning: (message) => core.warning(message) },
  };
}

/** Lists the series' manifests with the backup action's own reader; S3 settings come from the AWS_* environment. */
async function readBackup(backup: BackupConfig, env: NodeJS.ProcessEnv): Promise<BackupFacts> {
  const where = backup.destination.kind === 'folder' ? backup.destination.path : backup.destination.url;
  try {
    const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
    const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
    const listing = await listManifests(where, backup.name, {
      s3: { ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}) },
    });
    return { kind: 'listed', where: `${where}/${backup.name}`, manifests: listing.manifests, broken: listing.broken };
  } catch (error) {
    return { kind: 'unreadable', where: `${where}/${backup.name}`, problem: (error as Error).message };
  }
}
