// The deploy gate's orchestration: gather facts (waiting for checks as the poll machine says), judge
// every gate, then decide. `runGate(config, deps)` is the testable core; main.ts gives it real
// dependencies once the inputs are good (so a bad input never loads this module).
import picomatch from 'picomatch';
import type { Clock } from '../../../src/kernel/clock.ts';
import { describeRequestError } from '../../../src/kernel/context.ts';
import { formatDuration } from '../../../src/kernel/durations.ts';
import { oneLine } from '../../../src/kernel/text.ts';
import { type CheckFacts, type ChecksVerdict, describeChecks, judgeChecks } from './checks.ts';
import { readHistory } from './deployments.ts';
import {
  type BackupFacts,
  choosePull,
  type IntegrityFacts,
  judgeApprovals,
  judgeBackup,
  judgeFreeze,
  judgeIncidents,
  judgeIntegrity,
} from './gates.ts';
import type { GateGitHub } from './github-facts.ts';
import type { BackupConfig, DeployGateConfig, IntegrityConfig } from './inputs.ts';
import { nextPollStep, recordPoll, startPolling } from './poll.ts';
import { type Decision, type GateResult, gate } from './result.ts';

export interface RunFacts {
  repository: string;
  serverUrl: string;
  actor?: string;
  runId?: string;
  runUrl?: string;
  /** `GITHUB_JOB`: with the run id it recognises the gate's own check run. */
  job?: string;
  /** A push's `before`: the base for `changed` when no deployment is active. */
  pushBefore?: string;
}

export interface GateDeps {
  github: () => Promise<GateGitHub>;
  readIntegrity: (config: IntegrityConfig) => Promise<IntegrityFacts>;
  readBackup: (config: BackupConfig) => Promise<BackupFacts>;
  clock: Clock;
  run: RunFacts;
  log: { info(message: string): void; warning(message: string): void };
}

const SHA = /^[0-9a-f]{40}$/i;

export async function runGate(config: DeployGateConfig, deps: GateDeps): Promise<Decision> {
  const github = await deps.github();
  const rollback = config.mode === 'rollback';
  const gates: GateResult[] = [];

  // Which commit is judged, and which one is live.
  let sha = config.sha ?? '';
  let previousSha: string | undefined;
  let targetProblem: string | undefined;
  try {
    const history = await readHistory(github.deployments(config.environment), rollback && !config.target);
    previousSha = history.active?.sha;
    if (rollback) {
      if (config.target)
        sha = SHA.test(config.target) ? config.target.toLowerCase() : await github.resolveRef(config.target);
      else if (history.previous) sha = history.previous.sha;
      else {
        targetProblem = history.active
          ? `no successful deployment to ${config.environment} older than the active one (${short(history.active.sha)}) with another commit`
          : `no successful deployment to ${config.environment} to roll back to`;
      }
    }
  } catch (error) {
    const message = apiProblem(error);
    if (rollback) targetProblem = `cannot resolve the rollback target: ${message}`;
    else deps.log.warning(`Could not read deployments to ${config.environment} (previous-sha stays empty): ${message}`);
  }

  let polls = 0;
  let waitedMs = 0;
  if (targetProblem) gates.push(gate('checks', 'fail', targetProblem));
  else {
    const waited = await waitForChecks(config, deps, github, sha);
    polls = waited.polls;
    waitedMs = waited.waitedMs;
    gates.push(waited.result);
  }

  if (!rollback) {
    if (config.requiredApprovals > 0) gates.push(await approvalsGate(config, github, sha));
    if (config.integrity)
      gates.push(judgeIntegrity(await deps.readIntegrity(config.integrity), config.integrity, config.secrets));
    if (config.backup) {
      gates.push(
        judgeBackup(await deps.readBackup(config.backup), config.backup.name, deps.clock.now(), config.backup.maxAgeMs),
      );
    }
    if (config.blockSeverities.length > 0) gates.push(await incidentsGate(config, github));
  }
  if (config.freeze.length > 0) {
    gates.push(
      judgeFreeze(
        {
          windows: config.freeze,
          override: config.overrideFreeze,
          ...(deps.run.actor ? { actor: deps.run.actor } : {}),
          ...(config.reason ? { reason: config.reason } : {}),
          rollback,
        },
        deps.clock.now(),
      ),
    );
  }

  let changed: boolean | undefined;
  if (config.paths.length > 0 && sha)
    changed = await pathsChanged(config, github, sha, previousSha ?? deps.run.pushBefore, deps);

  const blockedBy = gates.filter((result) => !result.ok).map((result) => result.name);
  const repoUrl = `${deps.run.serverUrl}/${deps.run.repository}`;
  return {
    mode: config.mode,
    sha,
    environment: config.environment,
    allowed: blockedBy.length === 0,
    blockedBy,
    gates,
    ...(previousSha ? { previousSha } : {}),
    ...(changed !== undefined ? { changed } : {}),
    ...(config.reason ? { reason: config.reason } : {}),
    ...(deps.run.actor ? { actor: deps.run.actor } : {}),
    dryRun: config.dryRun,
    links: {
      ...(sha ? { commit: `${repoUrl}/commit/${sha}` } : {}),
      ...(rollback && sha && previousSha ? { compare: `${repoUrl}/compare/${sha}...${previousSha}` } : {}),
      ...(deps.run.runUrl ? { run: deps.run.runUrl } : {}),
    },
    polls,
    waitedMs,
  };
}

/** Polls checks until they settle, a definite failure shows, or the wait runs out. */
async function waitForChecks(
  config: DeployGateConfig,
  deps: GateDeps,
  github: GateGitHub,
  sha: string,
): Promise<{ result: GateResult; polls: number; waitedMs: number }> {
  const policy = {
    required: config.requiredChecks,
    ignore: config.ignoreChecks,
    self: {
      ...(config.checkRunId !== undefined ? { checkRunId: config.checkRunId } : {}),
      ...(deps.run.job ? { job: deps.run.job } : {}),
      ...(deps.run.runId ? { runId: deps.run.runId } : {}),
    },
  };
  const started = deps.clock.monotonicMs();
  let state = startPolling();
  let verdict: ChecksVerdict | undefined;
  let problem: string | undefined;
  for (;;) {
    const elapsed = deps.clock.monotonicMs() - started;
    const step = nextPollStep(state, { waitMs: config.waitMs, intervalMs: config.pollIntervalMs }, elapsed);
    if (step.kind === 'decide') {
      const waitedMs = deps.clock.monotonicMs() - started;
      const polls = state.pollsAtMs.length;
      if (problem) return { result: gate('checks', 'fail', problem), polls, waitedMs };
      if (!verdict) return { result: gate('checks', 'fail', 'checks were never read'), polls, waitedMs };
      const phase = config.waitMs === 0 ? 'at-once' : step.timedOut ? 'timed-out' : 'polling';
      const waitedNote = phase === 'timed-out' ? ` (waited ${formatDuration(config.waitMs)})` : '';
      const note = verdict.state === 'pending' ? waitedNote : '';
      const detail = `${describeChecks(verdict, phase)}${note}`;
      const detailMarkdown = `${describeChecks(verdict, phase, true)}${note}`;
      return {
        result: gate(
          'checks',
          verdict.state === 'pass' ? 'pass' : verdict.state === 'fail' ? 'fail' : 'pending',
          detail,
          detailMarkdown,
        ),
        polls,
        waitedMs,
      };
    }
    if (step.atMs > elapsed) await deps.clock.sleep(step.atMs - elapsed);
    const pollAt = deps.clock.monotonicMs() - started;
    let facts: CheckFacts;
    try {
      facts = await github.listChecks(sha);
    } catch (error) {
      const status = (error as { status?: number }).status;
      problem = `cannot read the checks of ${short(sha)}: ${apiProblem(error)}`;
      // A refused request (bad token, no permission, unknown commit) will not change; a 5xx might.
      state = recordPoll(state, pollAt, typeof status === 'number' && status < 500 ? 'fail' : 'pending');
      deps.log.warning(problem);
      continue;
    }
    problem = undefined;
    verdict = judgeChecks(facts, policy);
    state = recordPoll(state, pollAt, verdict.state);
    // Check names are anyone's text (any integration can post a status): one line, so none starts a workflow command.
    deps.log.info(
      oneLine(`Poll ${state.pollsAtMs.length}: checks ${verdict.state} — ${describeChecks(verdict, 'polling')}`),
    );
  }
}

async function approvalsGate(config: DeployGateConfig, github: GateGitHub, sha: string): Promise<GateResult> {
  try {
    const pull = choosePull(await github.listPulls(sha));
    const reviews = pull ? await github.listReviews(pull.number) : [];
    return judgeApprovals(pull, reviews, config.requiredApprovals);
  } catch (error) {
    return gate('approvals', 'fail', `cannot read pull requests and reviews: ${apiProblem(error)}`);
  }
}

async function incidentsGate(config: DeployGateConfig, github: GateGitHub): Promise<GateResult> {
  try {
    return judgeIncidents(await github.listOpenIncidents(), config.blockSeverities);
  } catch (error) {
    return gate('incidents', 'fail', `cannot list open incidents: ${apiProblem(error)}`);
  }
}

/** Did the commit change any `paths` since `base`? Unknown (no base, a failed or cut-short compare) counts as changed. */
async function pathsChanged(
  config: DeployGateConfig,
  github: GateGitHub,
  sha: string,
  base: string | undefined,
  deps: GateDeps,
): Promise<boolean> {
  if (!base || /^0+$/.test(base)) return true;
  if (base.toLowerCase() === sha.toLowerCase()) return false;
  try {
    const comparison = await github.compare(base, sha);
    if (comparison.truncated) return true;
    return comparison.files.some(nameMatcherForPaths(config.paths));
  } catch (error) {
    deps.log.warning(`Could not compare ${short(base)}...${short(sha)}; changed is true: ${apiProblem(error)}`);
    return true;
  }
}

/** File globs keep path semantics (`*` stays within a folder), unlike check names. */
function nameMatcherForPaths(globs: readonly string[]): (file: string) => boolean {
  const matchers = globs.map((glob) => picomatch(glob, { dot: true, strictBrackets: true }));
  return (file) => matchers.some((match) => match(file));
}

function apiProblem(error: unknown): string {
  return describeRequestError(error) ?? (error instanceof Error ? error.message : String(error));
}

export function short(sha: string): string {
  return sha.slice(0, 7);
}
