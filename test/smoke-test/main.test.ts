// Orchestration with a scripted probe and a fake clock: rounds on schedule, bounded concurrency,
// retries, the watch tripping early, and exactly one rollback dispatch.
import { describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../actions/smoke-test/src/checks.ts';
import type { RollbackSpec, SmokeConfig } from '../../actions/smoke-test/src/inputs.ts';
import { type Dependencies, mapConcurrently, run } from '../../actions/smoke-test/src/main.ts';
import { DEFAULT_STATUS, type Exchange } from '../../src/kernel/http/exchange.ts';
import type { ProbeRequest } from '../../src/kernel/http/probe.ts';

const answer = (status: number): Exchange => ({
  kind: 'response',
  response: {
    status,
    headers: {},
    body: Buffer.from('{}'),
    bodyBytes: 2,
    truncated: false,
    latencyMs: 30,
    certificates: [],
  },
});
const ok = answer(200);
const unavailable = answer(503);
const refused: Exchange = { kind: 'failure', reason: 'refused', message: 'connection refused' };

function check(name: string): CheckSpec {
  return {
    name,
    url: `https://shop.example.com/${name}`,
    method: 'GET',
    headers: {},
    secretHeaders: [],
    timeoutMs: 1_000,
    samples: 1,
    followRedirects: true,
    expect: { status: DEFAULT_STATUS, json: [], bodyContains: [], headers: {} },
  };
}

const rollback: RollbackSpec = {
  workflow: 'rollback.yml',
  inputs: { environment: 'production' },
  owner: 'octo-org',
  repo: 'shop',
};

function config(overrides: Partial<SmokeConfig> = {}): SmokeConfig {
  return {
    checks: [check('home'), check('api')],
    retries: 0,
    retryDelayMs: 1_000,
    concurrency: 8,
    watch: { windowMs: 0, intervalMs: 60_000, failureThreshold: 3 },
    secrets: [],
    unmaskedVariables: [],
    ...overrides,
  };
}

const START = Date.parse('2026-11-25T12:00:00Z');

/**
 * A fake world: the clock moves only when the code sleeps (or a probe takes time), and each
 * URL answers from its script round after round (the last entry repeats).
 */
function world(scripts: Record<string, Exchange[]>, probeMs = 0) {
  let now = START;
  const started = now;
  const calls: Array<{ url: string; atMs: number; request: ProbeRequest }> = [];
  const sleeps: number[] = [];
  const dispatched: RollbackSpec[] = [];
  const seen = new Map<string, number>();
  const logs: string[] = [];
  const deps: Dependencies = {
    probe: async (request: ProbeRequest) => {
      const name = new URL(request.url).pathname.slice(1);
      const script = scripts[name] ?? [ok];
      const index = seen.get(name) ?? 0;
      seen.set(name, index + 1);
      calls.push({ url: request.url, atMs: now - started, request });
      now += probeMs;
      return script[Math.min(index, script.length - 1)];
    },
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    dispatchRollback: async (spec) => {
      dispatched.push(spec);
      return { ref: spec.ref ?? 'main' };
    },
    log: (line) => logs.push(line),
  };
  return { deps, calls, sleeps, dispatched, logs };
}

describe('a single round', () => {
  it('passes when every check passes, with results in the order the checks were written', async () => {
    const { deps, dispatched } = world({});
    const result = await run(config({ rollback }), deps);
    expect(result.verdict).toBe('passed');
    expect(result.rounds).toEqual([{ startedAtMs: 0, passed: true, failedChecks: [] }]);
    expect(result.lastRound).toEqual([
      { name: 'home', ok: true, failures: [], status: 200, latencyMs: 30, p95Ms: 30, attempts: 1 },
      { name: 'api', ok: true, failures: [], status: 200, latencyMs: 30, p95Ms: 30, attempts: 1 },
    ]);
    expect(result.rollback).toBeUndefined();
    expect(dispatched).toEqual([]);
  });

  it('trips when one check fails, and dispatches the rollback once', async () => {
    const { deps, dispatched } = world({ api: [refused] });
    const result = await run(config({ rollback }), deps);
    expect(result.verdict).toBe('tripped');
    expect(result.lastRound[1]).toMatchObject({ ok: false, failures: ['connection refused (1 attempt)'] });
    expect(dispatched).toEqual([rollback]);
    expect(result.rollback).toEqual({
      workflow: 'rollback.yml',
      ref: 'main',
      inputs: { environment: 'production' },
      dispatched: true,
    });
  });

  it('tells the probe which headers carry ${VAR} values, so a redirect to another origin drops them', async () => {
    const { deps, calls } = world({});
    const secretive = { ...check('api'), headers: { 'x-api-key': 'k-12345678' }, secretHeaders: ['x-api-key'] };
    await run(config({ checks: [secretive] }), deps);
    expect(calls[0].request).toMatchObject({ headers: { 'x-api-key': 'k-12345678' }, secretHeaders: ['x-api-key'] });
  });

  it('does not dispatch anything without a rollback workflow', async () => {
    const { deps, dispatched } = world({ api: [refused] });
    const result = await run(config(), deps);
    expect(result.verdict).toBe('tripped');
    expect(result.rollback).toBeUndefined();
    expect(dispatched).toEqual([]);
  });

  it('records a failed dispatch instead of throwing, so the outputs and summary are still written', async () => {
    const { deps } = world({ api: [refused] });
    deps.dispatchRollback = () => Promise.reject(new Error('workflow not found'));
    const result = await run(config({ rollback: { ...rollback, ref: 'release' } }), deps);
    expect(result.rollback).toEqual({
      workflow: 'rollback.yml',
      ref: 'release',
      inputs: { environment: 'production' },
      dispatched: false,
      error: 'workflow not found',
    });
  });

  it('retries with doubling backoff, then judges the last answer', async () => {
    const { deps, sleeps, calls } = world({ api: [unavailable, unavailable, ok] });
    const result = await run(config({ retries: 2, checks: [check('api')] }), deps);
    expect(result.verdict).toBe('passed');
    expect(result.lastRound[0].attempts).toBe(3);
    expect(sleeps).toEqual([1_000, 2_000]);
    expect(calls).toHaveLength(3);
  });

  it('keeps at most `concurrency` checks in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const { deps } = world({});
    deps.probe = async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return ok;
    };
    const checks = Array.from({ length: 12 }, (_, index) => check(`c${index}`));
    const result = await run(config({ checks, concurrency: 3 }), deps);
    expect(most).toBe(3);
    expect(result.lastRound.map((entry) => entry.name)).toEqual(checks.map((entry) => entry.name));
  });
});

describe('a watch', () => {
  const watch = { windowMs: 300_000, intervalMs: 60_000, failureThreshold: 3 };

  it('runs a round every interval until the window closes, and passes', async () => {
    const { deps, calls, dispatched } = world({}, 2_000);
    const result = await run(config({ watch, checks: [check('home')], rollback }), deps);
    expect(result.verdict).toBe('passed');
    expect(result.startedAt).toBe(START);
    expect(calls.map((call) => call.atMs)).toEqual([0, 60_000, 120_000, 180_000, 240_000]);
    expect(result.rounds.map((round) => round.startedAtMs)).toEqual([0, 60_000, 120_000, 180_000, 240_000]);
    expect(dispatched).toEqual([]);
  });

  it('trips at the threshold, ends early and dispatches exactly once', async () => {
    const { deps, calls, dispatched } = world({ api: [ok, refused] });
    const result = await run(config({ watch, rollback }), deps);
    expect(result.verdict).toBe('tripped');
    expect(result.rounds.map((round) => round.passed)).toEqual([true, false, false, false]);
    expect(result.rounds[3].failedChecks).toEqual(['api']);
    expect(result.consecutiveFailures).toBe(3);
    expect(calls.filter((call) => call.url.endsWith('/api'))).toHaveLength(4);
    expect(dispatched).toEqual([rollback]);
  });

  it('a passing round resets the count, so scattered failures never trip', async () => {
    const { deps, dispatched } = world({ api: [refused, refused, ok, refused, ok] });
    const result = await run(config({ watch, rollback }), deps);
    expect(result.verdict).toBe('passed');
    expect(result.rounds.map((round) => round.passed)).toEqual([false, false, true, false, true]);
    expect(dispatched).toEqual([]);
  });

  it('ends failed, without a rollback, when the window closes on too few failures', async () => {
    const { deps, dispatched } = world({ api: [ok, ok, ok, refused] });
    const result = await run(config({ watch, rollback }), deps);
    expect(result.verdict).toBe('failed');
    expect(result.consecutiveFailures).toBe(2);
    expect(dispatched).toEqual([]);
  });

  it('starts the next round at once when a round overruns the interval', async () => {
    const { deps, calls } = world({}, 50_000);
    const result = await run(
      config({ watch: { ...watch, windowMs: 180_000 }, checks: [check('a'), check('b')], concurrency: 1 }),
      deps,
    );
    // Each round takes 100s (two checks of 50s one after another) against a 60s interval.
    expect(calls.map((call) => call.atMs)).toEqual([0, 50_000, 100_000, 150_000]);
    expect(result.rounds).toHaveLength(2);
  });

  it('logs each round and each failure', async () => {
    const { deps, logs } = world({ api: [refused] });
    await run(config({ watch: { ...watch, failureThreshold: 1 } }), deps);
    expect(logs).toEqual([
      'Round 1: ✘ 1 of 2 checks failed',
      '  ✔ home: 200 in 30ms',
      '  ✘ api: connection refused (1 attempt)',
    ]);
  });
});

describe('mapConcurrently', () => {
  it('keeps the order of the items and handles fewer items than workers', async () => {
    expect(await mapConcurrently([3, 1, 2], 8, async (item) => item * 10)).toEqual([30, 10, 20]);
    expect(await mapConcurrently([], 4, async (item) => item)).toEqual([]);
  });
});
