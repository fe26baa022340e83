// Orchestration of the status-page action: read the window's history files and the incident records,
// decide (status.ts), render (site.ts), then write the site. `run()` is the entry; `buildStatusPage` the core.
import { join } from 'node:path';
import * as core from '@actions/core';
import { type Clock, systemClock } from '../../../src/kernel/clock.ts';
import { repositoryFromEnv } from '../../../src/kernel/context.ts';
import { allowedRootsFromEnv } from '../../../src/kernel/files.ts';
import { loadYamlFor, readInputsFromEnv } from '../../../src/kernel/inputs.ts';
import { setOutputs, table, writeSummary } from '../../../src/kernel/report.ts';
import { runAction } from '../../../src/kernel/run.ts';
import { historySamples, type RoundSample } from '../../../src/kernel/status-history.ts';
import { readConfig, STATUS_PAGE_INPUT_NAMES, type StatusPageConfig, statusPageInputSchema } from './inputs.ts';
import { maintenancePeriods } from './maintenance.ts';
import type { IncidentView, StatusModel } from './model.ts';
import { renderSite } from './site.ts';
import { formatUptime, summarise, UPCOMING_MS, windowDays } from './status.ts';
import { writeSite } from './write-site.ts';

export interface StatusPageDeps {
  /** The texts of the history files of these days that exist. */
  readHistory(branch: string, dates: readonly string[]): Promise<Array<{ date: string; text: string }>>;
  /** Open records and those updated since `since`, with their reviews. */
  readIncidents(since: Date): Promise<IncidentView[]>;
  clock: Pick<Clock, 'now'>;
  log: { info(message: string): void; warning(message: string): void };
}

export interface StatusPageOutcome {
  model: StatusModel;
  files: Map<string, string>;
}

export async function run(): Promise<void> {
  await runAction(async () => {
    const raw = readInputsFromEnv(STATUS_PAGE_INPUT_NAMES);
    if (raw.token) core.setSecret(raw.token);
    await loadYamlFor(statusPageInputSchema, raw);
    const config = readConfig(raw, allowedRootsFromEnv());
    const repo = repositoryFromEnv();
    const { createGitHubClient } = await import('../../../src/kernel/github.ts');
    const { readHistoryFiles } = await import('./history.ts');
    const { readIncidents } = await import('./incidents.ts');
    const github = createGitHubClient(config.token);
    const outcome = await buildStatusPage(config, {
      readHistory: (branch, dates) => readHistoryFiles(github, repo, branch, dates),
      readIncidents: (since) => readIncidents(github, repo, since),
      clock: systemClock,
      log: core,
    });
    writeSite(config.outputDir, outcome.files);
    const { model } = outcome;
    core.info(
      `Status page written to ${join(config.outputDir, 'index.html')}: ${model.status}${model.stale ? ' (stale)' : ''}.`,
    );
    setOutputs({
      status: model.status,
      stale: model.stale,
      'open-incidents': model.openIncidents.length,
      'last-sample-at': model.lastSampleAt ?? '',
      'page-path': join(config.outputDir, 'index.html'),
    });
    writeSummary(summaryFor(model));
  });
}

/** Gathers the facts, decides and renders; writes nothing. */
export async function buildStatusPage(config: StatusPageConfig, deps: StatusPageDeps): Promise<StatusPageOutcome> {
  const now = deps.clock.now();
  const { start, dates } = windowDays(now, config.days);
  const [files, incidents] = await Promise.all([
    deps.readHistory(config.historyBranch, dates),
    deps.readIncidents(start),
  ]);
  let skipped = 0;
  const samples = function* (): Generator<RoundSample> {
    for (const file of files) yield* historySamples(file.text, () => skipped++);
  };
  if (files.length === 0) {
    deps.log.warning(
      `No history file on branch ${config.historyBranch} in the last ${config.days} days: every check shows "no data".`,
    );
  }
  const periods = maintenancePeriods(config.maintenance, start, new Date(now.getTime() + UPCOMING_MS));
  const model = summarise({
    title: config.title,
    checks: config.checks,
    samples: samples(),
    periods,
    incidents,
    now,
    days: config.days,
    intervalMs: config.intervalMs,
  });
  model.skippedLines = skipped;
  if (skipped > 0) deps.log.warning(`${skipped} line(s) in the history files were not samples and were skipped.`);
  return { model, files: renderSite(model) };
}

function summaryFor(model: StatusModel): string {
  const rows = model.checks.map((check) => [
    check.spec.title,
    check.status + (check.stale ? ' (stale)' : ''),
    formatUptime(check.uptime),
    check.lastSampleAt ?? 'none',
  ]);
  return [
    `## Status page: ${model.status}${model.stale ? ' — stale' : ''}`,
    '',
    table(['Check', 'State', `Uptime (${model.days} days)`, 'Last sample'], rows),
    '',
    `Open incidents: ${model.openIncidents.length}; incidents in ${model.days} days: ${model.pastIncidents.length + model.openIncidents.length}.`,
  ].join('\n');
}
