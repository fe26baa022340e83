// Orchestration: rounds of checks (bounded concurrency, samples, retries) driven by the watch,
// then at most one rollback dispatch. Every effect comes in through Dependencies.
import { setTimeout as sleep } from 'node:timers/promises';
import * as core from '@actions/core';
import { describeRequestError } from '../../../src/kernel/context.ts';
import { createGitHubClient } from '../../../src/kernel/github.ts';
import { formatLatency } from '../../../src/kernel/http/exchange.ts';
import { createProbe, type Probe } from '../../../src/kernel/http/probe.ts';
import { decideRetry } from '../../../src/kernel/http/retry.ts';
import type { CheckSpec } from './checks.ts';
import { dispatchRollback } from './dispatch.ts';
import { type CheckJudgement, evaluateCheck, type Sample } from './expectations.ts';
import { type RollbackSpec, readConfig, type SmokeConfig } from './inputs.ts';
import { publish } from './publish.ts';
import { MIN_SECRET_LENGTH } from './variables.ts';
import { nextStep, recordRound, startWatch, type Verdict, type WatchPolicy } from './watch.ts';

export interface Dependencies {
  probe: Probe;
  /** Epoch milliseconds. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Dispatches the rollback workflow; resolves with the ref it used. */
  dispatchRollback: (rollback: RollbackSpec) => Promise<{ ref: string }>;
  log: (line: string) => void;
}

/** One check of one round, in the shape of the `results` output. */
export interface CheckResult extends CheckJudgement {
  name: string;
}

export interface RoundReport {
  /** Milliseconds after the watch started. */
  startedAtMs: number;
  passed: boolean;
  failedChecks: string[];
}

export interface RollbackReport {
  workflow: string;
  ref?: string;
  inputs: Record<string, string>;
  dispatched: boolean;
  error?: string;
}

export interface SmokeResult {
  /** Epoch milliseconds when the watch (or the single round) started; rounds' `startedAtMs` count from it. */
  startedAt: number;
  verdict: Verdict;
  watch: WatchPolicy;
  rounds: RoundReport[];
  /** Every check of the last round, in the order they were written. */
  lastRound: CheckResult[];
  /** Failed rounds in a row at the end. */
  consecutiveFailures: number;
  rollback?: RollbackReport;
}

/** Runs the watch (one round when it is 0) and dispatches the rollback once if it trips. */
export async function run(config: SmokeConfig, deps: Dependencies): Promise<SmokeResult> {
  const startedAt = deps.now();
  let state = startWatch();
  const rounds: RoundReport[] = [];
  let lastRound: CheckResult[] = [];
  for (;;) {
    const step = nextStep(state, config.watch, deps.now() - startedAt);
    if (step.kind === 'end') {
      const result: SmokeResult = {
        startedAt,
        verdict: step.verdict,
        watch: config.watch,
        rounds,
        lastRound,
        consecutiveFailures: state.consecutiveFailures,
      };
      if (step.verdict === 'tripped' && config.rollback) result.rollback = await rollBack(config.rollback, deps);
      return result;
    }
    const waitMs = step.startAtMs - (deps.now() - startedAt);
    if (waitMs > 0) await deps.sleep(waitMs);
    const startedAtMs = deps.now() - startedAt;
    lastRound = await runRound(config, deps);
    const failedChecks = lastRound.filter((check) => !check.ok).map((check) => check.name);
    state = recordRound(state, config.watch, failedChecks.length === 0);
    rounds.push({ startedAtMs, passed: failedChecks.length === 0, failedChecks });
    logRound(rounds.length, lastRound, deps.log);
  }
}

/** Every check once, at most `concurrency` in flight; results keep the checks' order. */
export function runRound(config: SmokeConfig, deps: Dependencies): Promise<CheckResult[]> {
  return mapConcurrently(config.checks, config.concurrency, (check) => runCheck(check, config, deps));
}

/** A check's samples one after another (so they do not slow each other down), each with its retries. */
export async function runCheck(check: CheckSpec, config: SmokeConfig, deps: Dependencies): Promise<CheckResult> {
  const samples: Sample[] = [];
  for (let index = 0; index < check.samples; index++) samples.push(await takeSample(check, config, deps));
  // A service may echo a header or body back: the judgement redacts secrets from every failure.
  return { name: check.name, ...evaluateCheck(check.expect, samples, { nowMs: deps.now(), secrets: config.secrets }) };
}

async function takeSample(check: CheckSpec, config: SmokeConfig, deps: Dependencies): Promise<Sample> {
  const policy = { retries: config.retries, firstDelayMs: config.retryDelayMs };
  for (let attempt = 1; ; attempt++) {
    const exchange = await deps.probe({
      url: check.url,
      method: check.method,
      headers: check.headers,
      secretHeaders: check.secretHeaders,
      ...(check.body !== undefined ? { body: check.body } : {}),
      timeoutMs: check.timeoutMs,
      followRedirects: check.followRedirects,
    });
    const decision = decideRetry(exchange, attempt, policy, check.expect.status, deps.now());
    if (!decision.retry) return { exchange, attempts: attempt };
    await deps.sleep(decision.delayMs);
  }
}

async function rollBack(rollback: RollbackSpec, deps: Dependencies): Promise<RollbackReport> {
  const report: RollbackReport = { workflow: rollback.workflow, inputs: rollback.inputs, dispatched: false };
  try {
    const { ref } = await deps.dispatchRollback(rollback);
    deps.log(`Dispatched ${rollback.workflow} on ${ref}.`);
    return { ...report, ref, dispatched: true };
  } catch (error) {
    const message = describeRequestError(error) ?? (error instanceof Error ? error.message : String(error));
    return { ...report, ...(rollback.ref ? { ref: rollback.ref } : {}), error: message };
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

function logRound(number: number, checks: readonly CheckResult[], log: (line: string) => void): void {
  const failed = checks.filter((check) => !check.ok).length;
  log(
    `Round ${number}: ${failed === 0 ? '✔ all' : `✘ ${failed} of`} ${checks.length} checks ${failed === 0 ? 'passed' : 'failed'}`,
  );
  for (const check of checks) {
    const timing = check.latencyMs === null ? '' : ` in ${formatLatency(check.latencyMs)}`;
    if (check.ok) log(`  ✔ ${check.name}: ${check.status}${timing}`);
    else for (const failure of check.failures) log(`  ✘ ${check.name}: ${failure}`);
  }
}

/** The action: inputs -> run -> outputs, summary, JUnit and the step's verdict. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = readConfig({ env });
  for (const secret of config.secrets) core.setSecret(secret);
  for (const name of config.unmaskedVariables) {
    core.warning(
      `\${${name}} is shorter than ${MIN_SECRET_LENGTH} characters, so its value is not masked in the log or redacted from the reports (masking it would hide every such text). Do not use it for a secret.`,
    );
  }
  const result = await run(config, {
    probe: createProbe(),
    now: Date.now,
    sleep: (ms) => sleep(ms),
    // The client (and so the token) is only built when a rollback is actually dispatched.
    dispatchRollback: (rollback) => dispatchRollback(createGitHubClient(config.token ?? ''), rollback),
    log: core.info,
  });
  publish(result, config);
}
