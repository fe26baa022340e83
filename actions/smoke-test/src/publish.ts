// Hands the result to the runner: the JUnit file, the outputs, the job summary and, when the
// verdict is not passed, the step's failure with every broken check in its message.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as core from '@actions/core';
import { setOutputs, writeSummary } from '../../../src/kernel/report.ts';
import type { SmokeConfig } from './inputs.ts';
import { renderJUnit } from './junit.ts';
import type { SmokeResult } from './result.ts';
import { failureMessage, historyLine, renderSummary } from './summary.ts';

export function publish(result: SmokeResult, config: Pick<SmokeConfig, 'junitPath'>): void {
  let junitWritten: string | undefined;
  let junitProblem: string | undefined;
  if (config.junitPath) {
    try {
      mkdirSync(dirname(config.junitPath), { recursive: true });
      writeFileSync(config.junitPath, renderJUnit(result));
      junitWritten = config.junitPath;
    } catch (error) {
      junitProblem = `Input 'junit': cannot write ${config.junitPath}: ${(error as Error).message}`;
    }
  }
  setOutputs({
    passed: result.verdict === 'passed',
    tripped: result.verdict === 'tripped',
    'failed-checks': result.lastRound
      .filter((check) => !check.ok)
      .map((check) => check.name)
      .join(','),
    rounds: result.rounds.length,
    results: JSON.stringify(
      result.lastRound.map(({ name, ok, status, latencyMs, p95Ms, attempts, failures }) => ({
        name,
        ok,
        status,
        latencyMs,
        p95Ms,
        attempts,
        failures,
      })),
    ),
    'rollback-dispatched': result.rollback?.dispatched === true,
    'rollback-run-url': result.rollback?.runUrl,
    junit: junitWritten,
  });
  if (result.history?.error !== undefined) core.warning(historyLine(result) ?? '');
  writeSummary(renderSummary(result));
  const problems = [failureMessage(result), junitProblem].filter((problem) => problem !== undefined);
  if (problems.length > 0) core.setFailed(problems.join('\n'));
}
