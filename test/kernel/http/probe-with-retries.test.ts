// One request with the shared retry rule: repeated on transport errors, 5xx and 429 until it answers
// or the retries are used up, waiting the backoff (or Retry-After) in between.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUS, type Exchange, type ResponseFacts } from '../../../src/kernel/http/exchange.ts';
import type { ProbeRequest } from '../../../src/kernel/http/probe.ts';
import { probeWithRetries } from '../../../src/kernel/http/probe-with-retries.ts';

const request: ProbeRequest = { url: 'http://x/', method: 'GET', headers: {}, timeoutMs: 1_000, followRedirects: true };
const answer = (status: number, headers: Record<string, string> = {}): Exchange => ({
  kind: 'response',
  response: {
    status,
    headers,
    body: Buffer.alloc(0),
    bodyBytes: 0,
    truncated: false,
    latencyMs: 5,
    certificates: [],
  } satisfies ResponseFacts,
});
const refused: Exchange = { kind: 'failure', reason: 'refused', message: 'connection refused' };

function scripted(exchanges: Exchange[]) {
  const waits: number[] = [];
  let calls = 0;
  const deps = {
    probe: async () => exchanges[Math.min(calls++, exchanges.length - 1)],
    nowMs: () => Date.parse('2026-12-01T00:00:00Z'),
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
  return { deps, waits, calls: () => calls };
}

describe('probeWithRetries', () => {
  it('returns the first answer that stands, with the attempts it took and the backoff waited', async () => {
    const { deps, waits, calls } = scripted([refused, answer(503), answer(200)]);
    const outcome = await probeWithRetries(request, { retries: 2, firstDelayMs: 100 }, DEFAULT_STATUS, deps);
    expect(outcome).toEqual({ exchange: answer(200), attempts: 3 });
    expect(waits).toEqual([100, 200]);
    expect(calls()).toBe(3);
  });

  it('stops after the retries with the last failure', async () => {
    const { deps, waits } = scripted([refused]);
    const outcome = await probeWithRetries(request, { retries: 1, firstDelayMs: 50 }, DEFAULT_STATUS, deps);
    expect(outcome).toEqual({ exchange: refused, attempts: 2 });
    expect(waits).toEqual([50]);
  });

  it('never retries a status the caller expects, nor a 4xx', async () => {
    const expects503 = { codes: [503], classes: [] };
    expect(
      await probeWithRetries(request, { retries: 3, firstDelayMs: 1 }, expects503, scripted([answer(503)]).deps),
    ).toEqual({ exchange: answer(503), attempts: 1 });
    expect(
      await probeWithRetries(request, { retries: 3, firstDelayMs: 1 }, DEFAULT_STATUS, scripted([answer(404)]).deps),
    ).toEqual({ exchange: answer(404), attempts: 1 });
  });

  it("waits the server's Retry-After instead of the backoff", async () => {
    const { deps, waits } = scripted([answer(429, { 'retry-after': '2' }), answer(200)]);
    await probeWithRetries(request, { retries: 1, firstDelayMs: 100 }, DEFAULT_STATUS, deps);
    expect(waits).toEqual([2_000]);
  });
});
