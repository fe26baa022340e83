// Orchestration with a scripted probe and a fake clock: rounds on schedule, bounded concurrency,
// retries, the watch tripping early, and exactly one rollback dispatch.
import { describe, expect, it } from 'vitest';

import type { HistorySpec, RollbackSpec, SmokeConfig } from '../../actions/smoke-test/src/inputs.ts';
import { type Dependencies, mapConcurrently, smokeTest } from '../../actions/smoke-test/src/main.ts';
import type { CheckSpec } from '../../actions/smoke-test/src/spec.ts';
import { DEFAULT_STATUS, type Exchange } from '../../src/kernel/http/exchange.ts';
import type { ProbeRequest } from '../../src/kernel/http/probe.ts';
import type { RoundSample } from '../../src/kernel/status-history.ts';

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
    usedVariables: [],
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
function world(scripts: Record<string, Exchange[]>, probeMs = 0, start = START) {
  let now = start;
  const started = now;
  const calls: Array<{ url: string; atMs: number; request: ProbeRequest }> = [];
  const sleeps: number[] = [];
  const dispatched: RollbackSpec[] = [];
  const seen = new Map<string, number>();
  const logs: string[] = [];
  const appended: Array<{ history: HistorySpec; samples: RoundSample[]; atMs: number }> = [];
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
    clock: {
      now: () => new Date(now),
      monotonicMs: () => now - started,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    },
    dispatchRollback: async (spec) => {
      dispatched.push(spec);
      return { ref: spec.ref ?? 'main' };
    },
    appendHistory: async (history, samples) => {
      appended.push({ history, samples: [...samples], atMs: now - started });
      return [];
    },
    log: (line) => logs.push(line),
  };
  return { deps, calls, sleeps, dispatched, logs, appended };
}

describe('a single round', () => {
  it('passes when every check passes, with results in the order the checks were written', async () => {
    const { deps, dispatched } = world({});
    const result = await smokeTest(config({ rollback }), deps);
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
    const result = await smokeTest(config({ rollback }), deps);
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
    await smokeTest(config({ checks: [secretive] }), deps);
    expect(calls[0].request).toMatchObject({ headers: { 'x-api-key': 'k-12345678' }, secretHeaders: ['x-api-key'] });
  });

  it('does not dispatch anything without a rollback workflow', async () => {
    const { deps, dispatched } = world({ api: [refused] });
    const result = await smokeTest(config(), deps);
    expect(result.verdict).toBe('tripped');
    expect(result.rollback).toBeUndefined();
    expect(dispatched).toEqual([]);
  });

  it('records a failed dispatch instead of throwing, so the outputs and summary are still written', async () => {
    const { deps } = world({ api: [refused] });
    deps.dispatchRollback = () => Promise.reject(new Error('workflow not found'));
    const result = await smokeTest(config({ rollback: { ...rollback, ref: 'release' } }), deps);
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
    const result = await smokeTest(config({ retries: 2, checks: [check('api')] }), deps);
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
    const result = await smokeTest(config({ checks, concurrency: 3 }), deps);
    expect(most).toBe(3);
    expect(result.lastRound.map((entry) => entry.name)).toEqual(checks.map((entry) => entry.name));
  });
});

describe('a watch', () => {
  const watch = { windowMs: 300_000, intervalMs: 60_000, failureThreshold: 3 };

  it('runs a round every interval until the window closes, and passes', async () => {
    const { deps, calls, dispatched } = world({}, 2_000);
    const result = await smokeTest(config({ watch, checks: [check('home')], rollback }), deps);
    expect(result.verdict).toBe('passed');
    expect(result.startedAt).toBe(START);
    expect(calls.map((call) => call.atMs)).toEqual([0, 60_000, 120_000, 180_000, 240_000]);
    expect(result.rounds.map((round) => round.startedAtMs)).toEqual([0, 60_000, 120_000, 180_000, 240_000]);
    expect(dispatched).toEqual([]);
  });

  it('trips at the threshold, ends early and dispatches exactly once', async () => {
    const { deps, calls, dispatched } = world({ api: [ok, refused] });
    const result = await smokeTest(config({ watch, rollback }), deps);
    expect(result.verdict).toBe('tripped');
    expect(result.rounds.map((round) => round.passed)).toEqual([true, false, false, false]);
    expect(result.rounds[3].failedChecks).toEqual(['api']);
    expect(result.consecutiveFailures).toBe(3);
    expect(calls.filter((call) => call.url.endsWith('/api'))).toHaveLength(4);
    expect(dispatched).toEqual([rollback]);
  });

  it('a passing round resets the count, so scattered failures never trip', async () => {
    const { deps, dispatched } = world({ api: [refused, refused, ok, refused, ok] });
    const result = await smokeTest(config({ watch, rollback }), deps);
    expect(result.verdict).toBe('passed');
    expect(result.rounds.map((round) => round.passed)).toEqual([false, false, true, false, true]);
    expect(dispatched).toEqual([]);
  });

  it('goes on after the window while the last round failed, and trips when the streak reaches the threshold', async () => {
    const { deps, calls, dispatched } = world({ api: [ok, ok, ok, ok, refused] });
    const result = await smokeTest(config({ watch, rollback }), deps);
    expect(result.verdict).toBe('tripped');
    // 5 planned rounds (0..240s), then 2 more at the same interval: the streak reaches 3.
    expect(result.rounds.map((round) => round.startedAtMs)).toEqual([
      0, 60_000, 120_000, 180_000, 240_000, 300_000, 360_000,
    ]);
    expect(result.consecutiveFailures).toBe(3);
    expect(calls.filter((call) => call.url.endsWith('/api'))).toHaveLength(7);
    expect(dispatched).toEqual([rollback]);
  });

  it('passes when a round after the window passes: the failing streak was decided by it', async () => {
    const { deps, dispatched } = world({ api: [ok, ok, ok, refused, refused, ok] });
    const result = await smokeTest(config({ watch, rollback }), deps);
    expect(result.verdict).toBe('passed');
    expect(result.rounds.map((round) => round.passed)).toEqual([true, true, true, false, false, true]);
    expect(dispatched).toEqual([]);
  });

  it('trips on a hung service whose rounds overrun the interval', async () => {
    // Watch 6s, interval 2s, threshold 3; every attempt hangs for the 2s timeout and is retried once
    // after 100ms: each round takes 4.1s, so the window holds only 2 rounds.
    const { deps, calls, dispatched } = world(
      { api: [{ kind: 'failure', reason: 'timeout', message: 'no complete response within 2s' }] },
      2_000,
    );
    const result = await smokeTest(
      config({
        watch: { windowMs: 6_000, intervalMs: 2_000, failureThreshold: 3 },
        retries: 1,
        retryDelayMs: 100,
        checks: [check('api')],
        rollback,
      }),
      deps,
    );
    expect(result.verdict).toBe('tripped');
    expect(result.rounds.map((round) => round.startedAtMs)).toEqual([0, 4_100, 8_200]);
    expect(calls).toHaveLength(6);
    expect(dispatched).toEqual([rollback]);
  });

  it('starts the next round at once when a round overruns the interval', async () => {
    const { deps, calls } = world({}, 50_000);
    const result = await smokeTest(
      config({ watch: { ...watch, windowMs: 180_000 }, checks: [check('a'), check('b')], concurrency: 1 }),
      deps,
    );
    // Each round takes 100s (two checks of 50s one after another) against a 60s interval.
    expect(calls.map((call) => call.atMs)).toEqual([0, 50_000, 100_000, 150_000]);
    expect(result.rounds).toHaveLength(2);
  });

  it('logs each round and each failure', async () => {
    const { deps, logs } = world({ api: [refused] });
    await smokeTest(config({ watch: { ...watch, failureThreshold: 1 } }), deps);
    expect(logs).toEqual([
      'Round 1: ✘ 1 of 2 checks failed',
      '  ✔ home: 200 in 30ms',
      '  ✘ api: connection refused (1 attempt)',
      'Watch tripped: 1 failed round in a row (threshold 1), at round 1 of 5.',
    ]);
  });

  it('logs names and failures on one line each, so none can become a workflow command', async () => {
    const { deps, logs } = world({ api: [refused] });
    const sneaky = { ...check('api'), name: 'api\n::warning::forged' };
    await smokeTest(config({ checks: [sneaky] }), deps);
    expect(logs).toEqual([
      'Round 1: ✘ 1 of 1 checks failed',
      '  ✘ api⏎::warning::forged: connection refused (1 attempt)',
      'Smoke test tripped: 1 of 1 check failed (without a watch, one failed round trips).',
    ]);
  });
});

describe('samples', () => {
  it('stop at the first failed sample: five samples against a down service take one sample’s retries', async () => {
    const { deps, calls, sleeps } = world({ api: [refused] });
    const sampled = { ...check('api'), samples: 5 };
    const result = await smokeTest(config({ checks: [sampled], retries: 2 }), deps);
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([1_000, 2_000]);
    expect(result.lastRound).toEqual([
      {
        name: 'api',
        ok: false,
        failures: ['connection refused (3 attempts)'],
        status: null,
        latencyMs: null,
        p95Ms: null,
        attempts: 3,
      },
    ]);
  });

  it('a sample that fails after passing ones names itself, and attempts count every request', async () => {
    const { deps, calls } = world({ api: [ok, ok, refused] });
    const sampled = { ...check('api'), samples: 5 };
    const result = await smokeTest(config({ checks: [sampled] }), deps);
    expect(calls).toHaveLength(3);
    expect(result.lastRound[0]).toEqual({
      name: 'api',
      ok: false,
      failures: ['sample 3 of 5: connection refused (1 attempt)'],
      status: 200,
      latencyMs: 30,
      p95Ms: 30,
      attempts: 3,
    });
  });
});

describe('mapConcurrently', () => {
  it('keeps the order of the items and handles fewer items than workers', async () => {
    expect(await mapConcurrently([3, 1, 2], 8, async (item) => item * 10)).toEqual([30, 10, 20]);
    expect(await mapConcurrently([], 4, async (item) => item)).toEqual([]);
  });
});

describe('history', () => {
  const history: HistorySpec = { branch: 'status-data', owner: 'octo-org', repo: 'shop' };

  it('hands every check of every round to the writer once, after the watch, with the round start time', async () => {
    const { deps, appended, calls } = world({ api: [ok, unavailable, ok] });
    const result = await smokeTest(
      config({ history, watch: { windowMs: 180_000, intervalMs: 60_000, failureThreshold: 3 } }),
      deps,
    );
    expect(result.verdict).toBe('passed');
    expect(appended).toHaveLength(1);
    // One write after the last round (all six results), not one per round.
    expect(calls).toHaveLength(6);
    expect(appended[0].samples).toEqual([
      { time: '2026-11-25T12:00:00.000Z', check: 'home', verdict: 'passed', status: 200, latency: 30 },
      { time: '2026-11-25T12:00:00.000Z', check: 'api', verdict: 'passed', status: 200, latency: 30 },
      { time: '2026-11-25T12:01:00.000Z', check: 'home', verdict: 'passed', status: 200, latency: 30 },
      { time: '2026-11-25T12:01:00.000Z', check: 'api', verdict: 'failed', status: 503, latency: 30 },
      { time: '2026-11-25T12:02:00.000Z', check: 'home', verdict: 'passed', status: 200, latency: 30 },
      { time: '2026-11-25T12:02:00.000Z', check: 'api', verdict: 'passed', status: 200, latency: 30 },
    ]);
    expect(result.history).toEqual({ branch: 'status-data', samples: appended[0].samples, files: [] });
  });

  it('records a check without an answer with null status and latency', async () => {
    const { deps, appended } = world({ api: [refused] });
    await smokeTest(config({ history }), deps);
    expect(appended[0].samples[1]).toEqual({
      time: '2026-11-25T12:00:00.000Z',
      check: 'api',
      verdict: 'failed',
      status: null,
      latency: null,
    });
  });

  it('dispatches the rollback before writing history, and a failed write leaves the verdict and the rollback alone', async () => {
    const order: string[] = [];
    const { deps } = world({ api: [unavailable] });
    deps.dispatchRollback = async () => {
      order.push('dispatch');
      return { ref: 'main', runUrl: 'https://github.com/octo-org/shop/actions/runs/7' };
    };
    deps.appendHistory = async () => {
      order.push('history');
      throw Object.assign(new Error('Resource not accessible by integration'), { status: 403 });
    };
    const result = await smokeTest(config({ history, rollback }), deps);
    expect(order).toEqual(['dispatch', 'history']);
    expect(result.verdict).toBe('tripped');
    expect(result.rollback).toMatchObject({ dispatched: true });
    expect(result.history?.error).toBe('Resource not accessible by integration');
    expect(result.history?.samples).toHaveLength(2);
  });

  it('writes nothing when history is off', async () => {
    const { deps, appended } = world({});
    await smokeTest(config(), deps);
    expect(appended).toEqual([]);
  });
});
