// Orchestration: rounds of checks (bounded concurrency, samples, retries) driven by the watch, then
// at most one rollback dispatch. `run()` is the entry with real dependencies; `smokeTest(config, deps)`
// the testable core, every effect coming in through Dependencies.
import * as core from '@actions/core';
import type { Clock } from '../../../src/kernel/clock.ts';
import { describeRequestError } from '../../../src/kernel/context.ts';
import { allowedRootsFromEnv } from '../../../src/kernel/files.ts';
import { formatLatency } from '../../../src/kernel/http/exchange.ts';
import type { Probe } from '../../../src/kernel/http/probe.ts';
import { probeWithRetries } from '../../../src/kernel/http/probe-with-retries.ts';
import { loadYamlFor, readInputsFromEnv } from '../../../src/kernel/inputs.ts';
import { runAction } from '../../../src/kernel/run.ts';
import type { AppendedFile, RoundSample } from '../../../src/kernel/status-history.ts';
import { oneLine } from '../../../src/kernel/text.ts';
import type { DispatchedRun } from './dispatch.ts';
import { type JudgedSample, judgeCheck, judgeSample } from './expectations.ts';
import {
  defaultBranchFromEvent,
  type HistorySpec,
  INPUT_NAMES,
  type RollbackSpec,
  readConfig,
  type SmokeConfig,
  smokeInputSchema,
} from './inputs.ts';
import { publish } from './publish.ts';
import type { CheckResult, HistoryReport, RollbackReport, RoundReport, SmokeResult } from './result.ts';
import type { CheckSpec } from './spec.ts';
import { verdictLine } from './summary.ts';
import { MIN_SECRET_LENGTH } from './variables.ts';
import { nextStep, recordRound, startWatch } from './watch.ts';

export interface Dependencies {
  probe: Probe;
  clock: Clock;
  /** Dispatches the rollback workflow (exactly once); resolves with the ref it used and the run. */
  dispatchRollback: (rollback: RollbackSpec) => Promise<DispatchedRun>;
  /** Appends the rounds' results to the history branch (kernel/status-history.ts). */
  appendHistory: (history: HistorySpec, samples: readonly RoundSample[]) => Promise<AppendedFile[]>;
  log: (line: string) => void;
}

/** The entry `@github/local-action` and the bundle call: inputs from the environment, real dependencies. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const raw = readInputsFromEnv(INPUT_NAMES);
    // The checks (inline or in the config file) are YAML too.
    await loadYamlFor(smokeInputSchema, raw, Boolean(raw.checks || raw.config));
    const config = readConfig(raw, {
      env: process.env,
      roots: allowedRootsFromEnv(),
      defaultBranch: defaultBranchFromEvent(process.env),
    });
    for (const secret of config.secrets) core.setSecret(secret);
    for (const name of config.unmaskedVariables) {
      core.warning(
        `\${${name}} is shorter than ${MIN_SECRET_LENGTH} characters, so its value is not masked in the log or redacted from the reports (masking it would hide every such text). Do not use it for a secret.`,
      );
    }
    const { realDependencies } = await import('./dependencies.ts');
    const result = await smokeTest(config, realDependencies(config));
    publish(result, config);
  });
}

/** Runs the watch (one round when it is 0) and dispatches the rollback once if it trips. */
export async function smokeTest(config: SmokeConfig, deps: Dependencies): Promise<SmokeResult> {
  const startedAt = deps.clock.now().getTime();
  const start = deps.clock.monotonicMs();
  const elapsed = () => deps.clock.monotonicMs() - start;
  let state = startWatch();
  const rounds: RoundReport[] = [];
  const samples: RoundSample[] = [];
  let lastRound: CheckResult[] = [];
  for (;;) {
    const step = nextStep(state, config.watch, elapsed());
    if (step.kind === 'end') {
      const result: SmokeResult = {
        startedAt,
        verdict: step.verdict,
        watch: config.watch,
        rounds,
        lastRound,
        consecutiveFailures: state.consecutiveFailures,
      };
      // The rollback comes first: history is a record, never a reason to roll back later.
      if (step.verdict === 'tripped' && config.rollback) result.rollback = await rollBack(config.rollback, deps);
      deps.log(oneLine(verdictLine(result)));
      if (config.history) result.history = await recordHistory(config.history, samples, deps);
      return result;
    }
    const waitMs = step.startAtMs - elapsed();
    if (waitMs > 0) await deps.clock.sleep(waitMs);
    const startedAtMs = Math.round(elapsed());
    const time = deps.clock.now().toISOString();
    lastRound = await runRound(config, deps);
    // Kept only when written: a long watch at a short interval would otherwise grow without use.
    for (const check of config.history ? lastRound : []) {
      samples.push({
        time,
        check: check.name,
        verdict: check.ok ? 'passed' : 'failed',
        status: check.status,
        latency: check.latencyMs,
      });
    }
    const failedChecks = lastRound.filter((check) => !check.ok).map((check) => check.name);
    state = recordRound(state, config.watch, failedChecks.length === 0);
    rounds.push({ startedAtMs, passed: failedChecks.length === 0, failedChecks });
    logRound(rounds.length, lastRound, deps.log);
  }
}

/** Every check once, at most `concurrency` in flight; results keep the checks' order. */
function runRound(config: SmokeConfig, deps: Dependencies): Promise<CheckResult[]> {
  return mapConcurrently(config.checks, config.concurrency, (check) => runCheck(check, config, deps));
}

/**
 * A check's samples one after another (so they do not slow each other down), each with its retries.
 * The first failed sample fails the check: the rest of the round's samples are not taken.
 */
export async function runCheck(check: CheckSpec, config: SmokeConfig, deps: Dependencies): Promise<CheckResult> {
  const policy = { retries: config.retries, firstDelayMs: config.retryDelayMs };
  const retrying = { probe: deps.probe, nowMs: () => deps.clock.now().getTime(), sleep: deps.clock.sleep };
  const samples: JudgedSample[] = [];
  for (let index = 0; index < check.samples; index++) {
    const sample = await probeWithRetries(
      {
        url: check.url,
        method: check.method,
        headers: check.headers,
        secretHeaders: check.secretHeaders,
        ...(check.body !== undefined ? { body: check.body } : {}),
        timeoutMs: check.timeoutMs,
        followRedirects: check.followRedirects,
      },
      policy,
      check.expect.status,
      retrying,
    );
    // A service may echo a header or body back: the judgement redacts secrets from every failure.
    const failures = judgeSample(check.expect, sample, { nowMs: deps.clock.now().getTime(), secrets: config.secrets });
    samples.push({ ...sample, failures });
    if (failures.length > 0) break;
  }
  return { name: check.name, ...judgeCheck(check.expect, samples, check.samples) };
}

async function rollBack(rollback: RollbackSpec, deps: Dependencies): Promise<RollbackReport> {
  const report: RollbackReport = { workflow: rollback.workflow, inputs: rollback.inputs, dispatched: false };
  try {
    const { ref, runUrl } = await deps.dispatchRollback(rollback);
    deps.log(oneLine(`Dispatched ${rollback.workflow} on ${ref}${runUrl ? `: ${runUrl}` : ''}.`));
    return { ...report, ref, dispatched: true, ...(runUrl ? { runUrl } : {}) };
  } catch (error) {
    const message = describeRequestError(error) ?? (error instanceof Error ? error.message : String(error));
    return { ...report, ...(rollback.ref ? { ref: rollback.ref } : {}), error: message };
  }
}

/** A failed write is reported (and warned about by publish), never thrown: the verdict stands. */
async function recordHistory(history: HistorySpec, samples: RoundSample[], deps: Dependencies): Promise<HistoryReport> {
  const report: HistoryReport = { branch: history.branch, samples };
  try {
    const files = await deps.appendHistory(history, samples);
    for (const file of files) {
      deps.log(
        oneLine(
          `History: ${file.alreadyWritten ? 'found' : 'appended'} ${file.samples} result${file.samples === 1 ? '' : 's'} ${file.alreadyWritten ? 'already in' : 'to'} ${file.path} on ${history.branch}.`,
        ),
      );
    }
    return { ...report, files };
  } catch (error) {
    const message = describeRequestError(error) ?? (error instanceof Error ? error.message : String(error));
    return { ...report, error: message };
  }
}

export async function mapConcurrently<Item, Result>(
  items: readonly Item[],
  limit: number,
  work: (item: Item) => Promise<Result>,
): Promise<Result[]> {
  const results = new Array<Result>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Names and failures are user and service text: kept on one line, so none can start a workflow command. */
function logRound(number: number, checks: readonly CheckResult[], log: (line: string) => void): void {
  const failed = checks.filter((check) => !check.ok).length;
  log(
    `Round ${number}: ${failed === 0 ? '✔ all' : `✘ ${failed} of`} ${checks.length} checks ${failed === 0 ? 'passed' : 'failed'}`,
  );
  for (const check of checks) {
    const name = oneLine(check.name);
    const timing = check.latencyMs === null ? '' : ` in ${formatLatency(check.latencyMs)}`;
    if (check.ok) log(`  ✔ ${name}: ${check.status}${timing}`);
    else for (const failure of check.failures) log(`  ✘ ${name}: ${oneLine(failure)}`);
  }
}
