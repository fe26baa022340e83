// runGate(config, deps) with a fake clock and scripted facts: the wait, the order of gates, rollback
// resolution and `changed`, without a network.
import { describe, expect, it } from 'vitest';
import type { CheckRunFact } from '../../actions/deploy-gate/src/checks.ts';
import { type GateDeps, runGate } from '../../actions/deploy-gate/src/gate.ts';
import type { DeployGateConfig } from '../../actions/deploy-gate/src/inputs.ts';
import { outputsFor, summaryFor } from '../../actions/deploy-gate/src/summary.ts';
import { FakeClock, ScriptedGitHub } from './fakes.ts';

const SHA = 'c'.repeat(40);
const config = (fields: Partial<DeployGateConfig> = {}): DeployGateConfig => ({
  mode: 'deploy',
  sha: SHA,
  environment: 'production',
  requiredChecks: [],
  ignoreChecks: [],
  waitMs: 600_000,
  pollIntervalMs: 15_000,
  requiredApprovals: 0,
  blockSeverities: [],
  freeze: [],
  overrideFreeze: false,
  paths: [],
  dryRun: false,
  token: 't',
  secrets: [],
  ...fields,
});

function setup() {
  const clock = new FakeClock();
  const github = new ScriptedGitHub(clock);
  const warnings: string[] = [];
  const deps: GateDeps = {
    github: async () => github,
    readIntegrity: async () => ({ kind: 'document', document: { score: 1 }, source: 's' }),
    readBackup: async () => ({ kind: 'unreadable', where: 'w', problem: 'p' }),
    clock,
    run: { repository: 'o/r', serverUrl: 'https://github.com', actor: 'octocat', job: 'gate', runId: '42' },
    log: { info: () => {}, warning: (message) => warnings.push(message) },
  };
  return { clock, github, deps, warnings };
}

const passed = (name: string): CheckRunFact => ({ id: 1, name, status: 'completed', conclusion: 'success' });
const running = (name: string): CheckRunFact => ({ id: 1, name, status: 'in_progress', conclusion: null });

describe('the wait for checks', () => {
  it('decides within one interval after the last pending check completes', async () => {
    const { github, deps } = setup();
    const completesAt = 100_000;
    github.checksAt = (ms) => ({ checkRuns: [ms >= completesAt ? passed('e2e') : running('e2e')], statuses: [] });
    const decision = await runGate(config(), deps);
    expect(decision.allowed).toBe(true);
    const decidedAt = github.checkReads.at(-1) ?? 0;
    expect(decidedAt - completesAt).toBeLessThanOrEqual(15_000);
    expect(decision.polls).toBe(8);
  });

  it('polls exactly every interval, however slow an answer, and gives up at the end of the wait', async () => {
    const { github, deps } = setup();
    github.checksAt = () => ({ checkRuns: [running('e2e')], statuses: [] });
    const decision = await runGate(config({ waitMs: 60_000 }), deps);
    expect(github.checkReads).toEqual([0, 15_000, 30_000, 45_000, 60_000]);
    expect(decision.gates[0]).toEqual({
      name: 'checks',
      ok: false,
      outcome: 'pending',
      detail: 'gave up waiting for: e2e (in_progress) (waited 1m)',
      detailMarkdown: 'gave up waiting for: e2e (in\\_progress) (waited 1m)',
    });
  });

  it('stops waiting at a definite failure', async () => {
    const { github, deps } = setup();
    github.checksAt = (ms) => ({
      checkRuns: [ms > 20_000 ? { ...passed('unit'), conclusion: 'failure' } : running('unit'), running('e2e')],
      statuses: [],
    });
    const decision = await runGate(config(), deps);
    expect(github.checkReads).toEqual([0, 15_000, 30_000]);
    expect(decision.gates[0].detail).toBe('failed: unit (failure)');
  });

  it('keeps polling through server errors and blocks with the last one when the wait runs out', async () => {
    const { github, deps, warnings } = setup();
    github.failChecks = () => Object.assign(new Error('Bad gateway'), { status: 502 });
    const decision = await runGate(config({ waitMs: 30_000 }), deps);
    expect(github.checkReads).toHaveLength(3);
    expect(decision.gates[0].detail).toBe(`cannot read the checks of ccccccc: Bad gateway`);
    expect(warnings).toHaveLength(3);
  });

  it('stops at once when GitHub refuses the request (4xx)', async () => {
    const { github, deps } = setup();
    github.failChecks = () => Object.assign(new Error('Resource not accessible by integration'), { status: 403 });
    const decision = await runGate(config(), deps);
    expect(github.checkReads).toHaveLength(1);
    expect(decision.allowed).toBe(false);
  });
});

describe('gates and the decision', () => {
  it('evaluates every configured gate even after one blocked, in a fixed order', async () => {
    const { github, deps } = setup();
    github.checksAt = () => ({ checkRuns: [{ ...passed('build'), conclusion: 'failure' }], statuses: [] });
    github.incidents = [
      { number: 3, title: 'Down', url: 'https://github.com/o/r/issues/3', labels: ['incident', 'sev1'] },
    ];
    const decision = await runGate(
      config({
        requiredApprovals: 1,
        integrity: { source: { kind: 'url', url: 'https://s' }, headers: {}, path: '$.score', min: 0.5 },
        backup: { destination: { kind: 'folder', path: '/b' }, name: 'db', maxAgeMs: 1 },
        blockSeverities: ['sev1'],
        freeze: [{ kind: 'absolute', from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') }],
      }),
      deps,
    );
    expect(decision.gates.map((gate) => [gate.name, gate.outcome])).toEqual([
      ['checks', 'fail'],
      ['approvals', 'fail'],
      ['integrity', 'pass'],
      ['backup', 'fail'],
      ['incidents', 'fail'],
      ['freeze', 'fail'],
    ]);
    expect(outputsFor(decision)).toMatchObject({
      allowed: 'false',
      'blocked-by': 'checks,approvals,backup,incidents,freeze',
      sha: SHA,
    });
  });

  it('reads the previous sha from the newest successful deployment and compares for changed', async () => {
    const { github, deps } = setup();
    github.checksAt = () => ({ checkRuns: [passed('build')], statuses: [] });
    github.deploymentList = [
      { id: 3, sha: 'b'.repeat(40), ref: 'main', createdAt: '2026-11-30T00:03:00Z', states: ['failure'] },
      { id: 2, sha: 'a'.repeat(40), ref: 'main', createdAt: '2026-11-30T00:02:00Z', states: ['success'] },
    ];
    github.comparison = { files: ['src/app.ts', 'README.md'], truncated: false, status: 'ahead' };
    const decision = await runGate(config({ paths: ['src/*.ts'] }), deps);
    expect(decision).toMatchObject({ previousSha: 'a'.repeat(40), changed: true });
    expect(github.compared).toEqual([`${'a'.repeat(40)}...${SHA}`]);
    expect((await runGate(config({ paths: ['db/**'] }), deps)).changed).toBe(false);
    github.comparison = { files: [], truncated: true, status: 'ahead' };
    expect((await runGate(config({ paths: ['db/**'] }), deps)).changed).toBe(true);
  });

  it("falls back to the push's before, and counts an unknown base as changed", async () => {
    const { github, deps } = setup();
    github.checksAt = () => ({ checkRuns: [passed('build')], statuses: [] });
    deps.run.pushBefore = 'd'.repeat(40);
    await runGate(config({ paths: ['**'] }), deps);
    expect(github.compared).toEqual([`${'d'.repeat(40)}...${SHA}`]);
    deps.run.pushBefore = undefined;
    expect((await runGate(config({ paths: ['**'] }), deps)).changed).toBe(true);
    expect(github.compared).toHaveLength(1);
  });
});

describe('rollback', () => {
  const deployments = [
    { id: 5, sha: '5'.repeat(40), ref: 'main', createdAt: '2026-11-30T00:05:00Z', states: ['error'] },
    { id: 4, sha: '4'.repeat(40), ref: 'main', createdAt: '2026-11-30T00:04:00Z', states: ['success'] },
    { id: 3, sha: '3'.repeat(40), ref: 'main', createdAt: '2026-11-30T00:03:00Z', states: ['failure'] },
    { id: 2, sha: '2'.repeat(40), ref: 'main', createdAt: '2026-11-30T00:02:00Z', states: ['success', 'inactive'] },
  ];

  it('judges only the checks of the resolved target, passes freezes, and links the range', async () => {
    const { github, deps } = setup();
    github.deploymentList = deployments;
    github.checksAt = () => ({ checkRuns: [passed('build')], statuses: [] });
    const decision = await runGate(
      config({
        mode: 'rollback',
        reason: 'checkout 5xx',
        blockSeverities: ['sev1'],
        requiredApprovals: 2,
        freeze: [{ kind: 'absolute', from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') }],
      }),
      deps,
    );
    expect(decision).toMatchObject({ allowed: true, sha: '2'.repeat(40), previousSha: '4'.repeat(40) });
    expect(decision.gates.map((gate) => [gate.name, gate.outcome])).toEqual([
      ['checks', 'pass'],
      ['freeze', 'pass'],
    ]);
    const summary = summaryFor(decision);
    expect(summary).toContain(
      `[2222222...4444444](https://github.com/o/r/compare/${'2'.repeat(40)}...${'4'.repeat(40)})`,
    );
    expect(summary).toContain('| Reason | checkout 5xx |');
  });

  it('resolves a target ref, and blocks when there is nothing to go back to', async () => {
    const { github, deps } = setup();
    github.deploymentList = deployments;
    github.refs = { 'v1.2.0': '9'.repeat(40) };
    github.checksAt = () => ({ checkRuns: [passed('build')], statuses: [] });
    expect((await runGate(config({ mode: 'rollback', reason: 'r', target: 'v1.2.0' }), deps)).sha).toBe('9'.repeat(40));
    github.deploymentList = [deployments[1]];
    const nothing = await runGate(config({ mode: 'rollback', reason: 'r' }), deps);
    expect(nothing).toMatchObject({ allowed: false, blockedBy: ['checks'] });
    expect(nothing.gates[0].detail).toBe(
      `no successful deployment to production older than the active one (4444444) with another commit`,
    );
    expect(github.checkReads).toHaveLength(1);
  });
});
