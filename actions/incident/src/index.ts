// Entry of the incident action: real dependencies in, run, report. Nothing else.
import * as core from '@actions/core';
import { context } from '@actions/github';
import { repositoryFromEnv } from '../../../src/kernel/context.ts';
import { createGitHubClient } from '../../../src/kernel/github.ts';
import { readInputsFromEnv } from '../../../src/kernel/inputs.ts';
import { setOutputs, writeSummary } from '../../../src/kernel/report.ts';
import { runAction } from '../../../src/kernel/run.ts';
import { INCIDENT_INPUT_NAMES, parseIncidentConfig } from './inputs.ts';
import { runIncident } from './main.ts';
import { incidentRecords } from './records.ts';
import { outputsFor, summaryFor } from './summary.ts';

await runAction(async () => {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const config = parseIncidentConfig(readInputsFromEnv(INCIDENT_INPUT_NAMES), workspace);
  const repo = repositoryFromEnv();
  const github = createGitHubClient(config.token);
  const repository = `${repo.owner}/${repo.repo}`;
  const serverUrl = context.serverUrl;
  const outcome = await runIncident(config, {
    records: incidentRecords(github, repo, core),
    context: {
      repository,
      serverUrl,
      commit: context.sha || undefined,
      runUrl: context.runId ? `${serverUrl}/${repository}/actions/runs/${context.runId}` : undefined,
    },
    now: () => new Date(),
    log: core,
  });
  setOutputs(outputsFor(outcome));
  writeSummary(summaryFor(outcome));
});
