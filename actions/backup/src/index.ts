// Entry of the backup action: mask secrets, read inputs, run with real dependencies, report.
import * as core from '@actions/core';
import { UserError } from '../../../src/kernel/errors.ts';
import { allowedRootsFromEnv } from '../../../src/kernel/files.ts';
import { readInputsFromEnv } from '../../../src/kernel/inputs.ts';
import { setOutputs, writeSummary } from '../../../src/kernel/report.ts';
import { runAction } from '../../../src/kernel/run.ts';
import { BACKUP_INPUT_NAMES, readConfig, SECRET_INPUTS } from './inputs.ts';
import { runBackupAction } from './main.ts';
import { openStorage } from './storage.ts';
import { outputsFor, summaryFor } from './summary.ts';

await runAction(async () => {
  const raw = readInputsFromEnv(BACKUP_INPUT_NAMES);
  for (const input of SECRET_INPUTS) maskSecret(raw[input]);
  const config = readConfig(raw, allowedRootsFromEnv(), process.env.GITHUB_REPOSITORY);
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_SHA } = process.env;
  const outcome = await runBackupAction(config, {
    storage: (settings) => openStorage(settings.destination, settings.s3),
    now: () => new Date(),
    log: core,
    report: writeSummary,
    git: {
      sha: GITHUB_SHA || undefined,
      runUrl:
        GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID
          ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
          : undefined,
    },
  });
  setOutputs(outputsFor(outcome));
  writeSummary(summaryFor(outcome));
  if (outcome.failure) throw new UserError(outcome.failure);
});

/** Masks a secret input and, for a URL, its password on its own (it may show up decoded). */
function maskSecret(value: string | undefined): void {
  if (!value) return;
  core.setSecret(value);
  try {
    const url = new URL(value);
    if (url.password) {
      core.setSecret(url.password);
      core.setSecret(decodeURIComponent(url.password));
    }
  } catch {
    // not a URL
  }
}
