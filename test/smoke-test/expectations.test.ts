// The check evaluator: status, latency (every sample, p95, max), headers, body, JSON, TLS days,
// transport failures and samples, each failure worded like the check it broke.
import { describe, expect, it } from 'vitest';
import {
  type JudgedSample,
  type JudgingContext,
  judgeCheck,
  judgeSample,
  percentile,
  type Sample,
} from '../../actions/smoke-test/src/expectations.ts';
import type { Expectations } from '../../actions/smoke-test/src/spec.ts';
import {
  type CertificateFacts,
  DEFAULT_STATUS,
  describeStatus,
  type Exchange,
  formatLatency,
  parseStatusExpectation,
  type ResponseFacts,
  statusMatches,
} from '../../src/kernel/http/exchange.ts';
import { parseJsonExpectation } from '../../src/kernel/http/json-path.ts';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const DAY = 86_400_000;

function response(facts: Partial<Omit<ResponseFacts, 'body'>> & { body?: string } = {}): ResponseFacts {
  const body = Buffer.from(facts.body ?? '{"status":"ok","integrity":{"score":0.99}}');
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    bodyBytes: body.length,
    truncated: false,
    latencyMs: 40,
    certificates: [],
    ...facts,
    body,
  };
}

const answered = (facts: Parameters<typeof response>[0] = {}, attempts = 1): Sample => ({
  exchange: { kind: 'response', response: response(facts) },
  attempts,
});

const failed = (
  message: string,
  attempts: number,
  reason: Extract<Exchange, { kind: 'failure' }>['reason'] = 'refused',
): Sample => ({
  exchange: { kind: 'failure', reason, message },
  attempts,
});

function expectations(overrides: Partial<Expectations> = {}): Expectations {
  return { status: DEFAULT_STATUS, json: [], bodyContains: [], headers: {}, ...overrides };
}

const json = (...lines: string[]) =>
  lines.map((line) => {
    const parsed = parseJsonExpectation(line);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  });

const AT = { nowMs: NOW, secrets: [] };

/** As a round judges a check: sample after sample, stopping at the first that fails. */
function evaluateCheck(expect: Expectations, samples: Sample[], context: JudgingContext) {
  const judged: JudgedSample[] = [];
  for (const sample of samples) {
    const failures = judgeSample(expect, sample, context);
    judged.push({ ...sample, failures });
    if (failures.length > 0) break;
  }
  return judgeCheck(expect, judged, samples.length);
}
const failuresOf = (expect: Expectations, samples: Sample[], secrets: string[] = []) =>
  evaluateCheck(expect, samples, { nowMs: NOW, secrets }).failures;

describe('status expectations', () => {
  it.each([
    [200, { codes: [200], classes: [] }],
    ['2xx', { codes: [], classes: [2] }],
    ['5XX', { codes: [], classes: [5] }],
    [[200, 204], { codes: [200, 204], classes: [] }],
    [[200, '3xx'], { codes: [200], classes: [3] }],
    ['301', { codes: [301], classes: [] }],
  ])('reads %j', (value, parsed) => {
    expect(parseStatusExpectation(value)).toEqual({ ok: true, value: parsed });
  });

  it.each([[600], ['ok'], ['2x'], [99], [[]], [null], [{ code: 200 }], [[200, 'fine']], [200.5]])(
    'refuses %j',
    (value) => {
      expect(parseStatusExpectation(value).ok).toBe(false);
    },
  );

  it('matches codes and classes', () => {
    const expectation = { codes: [204, 418], classes: [3] };
    expect([204, 418, 301, 399].every((status) => statusMatches(expectation, status))).toBe(true);
    expect([200, 400, 500].some((status) => statusMatches(expectation, status))).toBe(false);
  });

  it('describes itself the way the check was written', () => {
    expect(describeStatus(DEFAULT_STATUS)).toBe('2xx');
    expect(describeStatus({ codes: [200], classes: [] })).toBe('200');
    expect(describeStatus({ codes: [200, 204], classes: [] })).toBe('200 or 204');
    expect(describeStatus({ codes: [200, 204], classes: [3] })).toBe('200, 204 or 3xx');
  });

  it('fails a 503 as "status 503, expected 2xx", naming the attempts when there were retries', () => {
    expect(failuresOf(expectations(), [answered({ status: 503 })])).toEqual(['status 503, expected 2xx']);
    expect(failuresOf(expectations(), [answered({ status: 503 }, 3)])).toEqual([
      'status 503, expected 2xx (3 attempts)',
    ]);
  });

  it('passes an expected non-2xx status', () => {
    const expect404 = expectations({ status: { codes: [404], classes: [] } });
    expect(evaluateCheck(expect404, [answered({ status: 404 })], AT).ok).toBe(true);
    expect(failuresOf(expect404, [answered()])).toEqual(['status 200, expected 404']);
  });

  it('does not judge the body of a response whose status is already wrong', () => {
    const expect_ = expectations({ json: json('$.status == ok'), bodyContains: ['ready'], headers: { 'x-a': 'b' } });
    expect(failuresOf(expect_, [answered({ status: 500, body: '<html>oops</html>' })])).toEqual([
      'status 500, expected 2xx',
    ]);
  });
});

describe('latency expectations', () => {
  const timed = (...latencies: number[]) => latencies.map((latencyMs) => answered({ latencyMs }));

  it('percentile uses the nearest rank', () => {
    expect(percentile([], 95)).toBeUndefined();
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(
      percentile(
        Array.from({ length: 20 }, (_, index) => index + 1),
        95,
      ),
    ).toBe(19);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, index) => index + 1),
        95,
      ),
    ).toBe(95);
  });

  it('formats latencies with their precision', () => {
    expect(formatLatency(180.4)).toBe('180ms');
    expect(formatLatency(1250)).toBe('1.25s');
    expect(formatLatency(2000)).toBe('2s');
  });

  it('a plain latency applies to every sample', () => {
    const expect_ = expectations({ latency: { everyMs: 100 } });
    expect(failuresOf(expect_, timed(100))).toEqual([]);
    expect(failuresOf(expect_, timed(180))).toEqual(['latency 180ms, expected <= 100ms']);
    expect(failuresOf(expect_, timed(20, 30, 180, 40, 50))).toEqual([
      'latency 180ms (slowest of 5 samples), expected <= 100ms',
    ]);
  });

  it('p95 and max are judged separately', () => {
    const expect_ = expectations({ latency: { p95Ms: 100, maxMs: 300 } });
    expect(failuresOf(expect_, timed(50, 60, 70))).toEqual([]);
    expect(failuresOf(expect_, timed(50, 60, 180))).toEqual(['p95 latency 180ms, expected <= 100ms']);
    expect(failuresOf(expect_, timed(50, 60, 320))).toEqual([
      'p95 latency 320ms, expected <= 100ms',
      'max latency 320ms, expected <= 300ms',
    ]);
    const twenty = timed(...Array.from({ length: 19 }, () => 50), 1500);
    expect(failuresOf(expect_, twenty)).toEqual(['max latency 1.5s, expected <= 300ms']);
  });

  it('only samples that got a response count toward latency', () => {
    const expect_ = expectations({ latency: { everyMs: 100 } });
    const judgement = evaluateCheck(expect_, [...timed(50, 70), failed('connection refused', 3)], AT);
    expect(judgement).toEqual({
      ok: false,
      failures: ['sample 3 of 3: connection refused (3 attempts)'],
      status: 200,
      latencyMs: 50,
      p95Ms: 70,
      attempts: 5,
    });
  });

  it('reports the median and p95 of the samples', () => {
    expect(evaluateCheck(expectations(), timed(10, 20, 30, 40, 500), AT)).toMatchObject({
      ok: true,
      latencyMs: 30,
      p95Ms: 500,
    });
  });
});

describe('header and body expectations', () => {
  it('matches header values as substrings, with case-insensitive names', () => {
    const expect_ = expectations({ headers: { 'Content-Type': 'application/json' } });
    expect(failuresOf(expect_, [answered()])).toEqual([]);
    expect(failuresOf(expect_, [answered({ headers: { 'content-type': 'text/html' } })])).toEqual([
      'header Content-Type was "text/html", expected it to contain "application/json"',
    ]);
    expect(failuresOf(expect_, [answered({ headers: {} })])).toEqual([
      'header Content-Type is missing, expected it to contain "application/json"',
    ]);
  });

  it('finds every body-contains text', () => {
    const expect_ = expectations({ bodyContains: ['ready', 'db=up'] });
    expect(failuresOf(expect_, [answered({ body: 'ready; db=up' })])).toEqual([]);
    expect(failuresOf(expect_, [answered({ body: 'ready; db=down' })])).toEqual(['body does not contain "db=up"']);
  });

  it('says when body-contains looked only at the first 1 MiB', () => {
    const expect_ = expectations({ bodyContains: ['needle'] });
    expect(failuresOf(expect_, [answered({ body: 'hay', bodyBytes: 50_000_000, truncated: true })])).toEqual([
      'body does not contain "needle" in its first 1 MiB',
    ]);
  });
});

describe('JSON expectations on a response', () => {
  it('reports each failed line', () => {
    const expect_ = expectations({ json: json('$.status == ok', '$.integrity.score >= 0.95', '$.version exists') });
    expect(failuresOf(expect_, [answered({ body: '{"status":"ok","integrity":{"score":0.91}}' })])).toEqual([
      '$.integrity.score was 0.91, expected >= 0.95',
      '$.version is missing, expected it to exist',
    ]);
  });

  it('fails once when the body is not JSON', () => {
    const expect_ = expectations({ json: json('$.status == ok', '$.version exists') });
    const failures = failuresOf(expect_, [answered({ body: '<html>maintenance</html>' })]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^body is not JSON \(.+\)$/);
  });

  it('refuses to judge JSON it could only read part of', () => {
    const expect_ = expectations({ json: json('$.status == ok') });
    expect(failuresOf(expect_, [answered({ body: '{"status":', bodyBytes: 5_000_000, truncated: true })])).toEqual([
      'body is 5000000 bytes, over the 1 MiB read for JSON expectations',
    ]);
  });
});

describe('tls-days', () => {
  const certificate = (subject: string, daysLeft: number): CertificateFacts => ({
    subject,
    validTo: new Date(NOW + daysLeft * DAY),
  });

  it('passes when every certificate in the chain has enough days left', () => {
    const expect_ = expectations({ tlsDays: 14 });
    const chain = [certificate('CN=shop.example', 14.5), certificate('CN=Shop CA', 400)];
    expect(failuresOf(expect_, [answered({ certificates: chain })])).toEqual([]);
  });

  it('names each certificate that expires too soon, leaf or authority', () => {
    const expect_ = expectations({ tlsDays: 14 });
    const chain = [certificate('CN=shop.example', 9.2), certificate('CN=Shop CA', 3)];
    expect(failuresOf(expect_, [answered({ certificates: chain })])).toEqual([
      'TLS certificate CN=shop.example expires in 9 days (2026-12-04), expected at least 14 days',
      'TLS certificate CN=Shop CA expires in 3 days (2026-11-28), expected at least 14 days',
    ]);
  });

  it('fails when no certificate was presented (a redirect to http)', () => {
    expect(failuresOf(expectations({ tlsDays: 1 }), [answered()])).toEqual([
      'no TLS certificate was presented, expected tls-days',
    ]);
  });

  it('tls-days 0 only asks for a certificate still valid today', () => {
    expect(failuresOf(expectations({ tlsDays: 0 }), [answered({ certificates: [certificate('CN=a', 0.5)] })])).toEqual(
      [],
    );
  });
});

describe('secrets in failures', () => {
  const secret = 'smk_9f8e7d6c5b4a3210';
  /** Every prefix of 6 characters or more of the secret, raw and JSON-escaped. */
  const prefixes = (value: string) =>
    [value, JSON.stringify(value).slice(1, -1)].flatMap((form) =>
      Array.from({ length: form.length - 5 }, (_, index) => form.slice(0, index + 6)),
    );
  const leaked = (failures: string[], value = secret) =>
    prefixes(value).filter((prefix) => failures.some((failure) => failure.includes(prefix)));
  const padding = 'p'.repeat(60);

  it('redacts a secret in a JSON value before clipping it, so no part of it is left', () => {
    const body = JSON.stringify({ note: `${padding}${secret}-tail` });
    const failures = failuresOf(expectations({ json: json('$.note == nope') }), [answered({ body })], [secret]);
    expect(failures).toEqual([`$.note was "${padding}***-tail", expected == nope`]);
    // Without the secret the value is clipped in the middle of it: this is what redaction prevents.
    expect(leaked(failuresOf(expectations({ json: json('$.note == nope') }), [answered({ body })]))).not.toEqual([]);
  });

  it('redacts a secret in a header value before clipping it', () => {
    const failures = failuresOf(
      expectations({ headers: { 'x-note': 'nope' } }),
      [answered({ headers: { 'x-note': `${padding}${secret}` } })],
      [secret],
    );
    expect(failures).toEqual([`header x-note was "${padding}***", expected it to contain "nope"`]);
  });

  it('redacts a secret with a quote and a backslash in its JSON-escaped form', () => {
    const quoted = 'tok"en\\s3cr3t-Q7';
    const body = JSON.stringify({ headers: { authorization: `Bearer ${quoted}` } });
    const failures = failuresOf(
      expectations({ json: json('$.headers == nope', '$.headers.authorization == nope') }),
      [answered({ body })],
      [quoted],
    );
    expect(failures).toEqual([
      '$.headers was {"authorization":"Bearer ***"}, expected == nope',
      '$.headers.authorization was "Bearer ***", expected == nope',
    ]);
    expect(leaked(failures, quoted)).toEqual([]);
  });

  it('quotes a body that is not JSON only with its secrets redacted', () => {
    const body = `{"status": "ok", "token": "${secret}", oops`;
    const failures = failuresOf(expectations({ json: json('$.status == ok') }), [answered({ body })], [secret]);
    expect(failures).toEqual([expect.stringMatching(/^body is not JSON \(.+\)$/)]);
    expect(leaked(failures)).toEqual([]);
  });

  it('redacts transport failures that quote a Location header', () => {
    expect(
      failuresOf(expectations(), [failed(`more than 5 redirects (last to /x?t=${secret})`, 1, 'redirect')], [secret]),
    ).toEqual(['more than 5 redirects (last to /x?t=***) (1 attempt)']);
  });

  it('judges the real response: a secret that is also an expected value still matches', () => {
    const failures = failuresOf(
      expectations({ json: json(`$.env == ${secret}`) }),
      [answered({ body: JSON.stringify({ env: secret }) })],
      [secret],
    );
    expect(failures).toEqual([]);
  });
});

describe('transport failures and samples', () => {
  it('words a transport failure with its attempts', () => {
    const judgement = evaluateCheck(expectations(), [failed('connection refused', 3)], AT);
    expect(judgement).toEqual({
      ok: false,
      failures: ['connection refused (3 attempts)'],
      status: null,
      latencyMs: null,
      p95Ms: null,
      attempts: 3,
    });
    expect(failuresOf(expectations(), [failed('no complete response within 2s', 1, 'timeout')])).toEqual([
      'no complete response within 2s (1 attempt)',
    ]);
  });

  it('stops at the first failed sample: later samples are not judged', () => {
    const expect_ = expectations({ json: json('$.integrity.score >= 0.95') });
    const body = (score: number) => `{"integrity":{"score":${score}}}`;
    const samples = [answered({ body: body(0.99) }), answered({ body: body(0.91) }), answered({ body: body(0.9) })];
    expect(failuresOf(expect_, samples)).toEqual(['sample 2 of 3: $.integrity.score was 0.91, expected >= 0.95']);
  });

  it('fails the check when one sample of five fails, counting every attempt made', () => {
    const judgement = evaluateCheck(
      expectations(),
      [answered(), answered({ status: 502 }, 3), answered(), answered(), answered()],
      AT,
    );
    expect(judgement).toEqual({
      ok: false,
      failures: ['sample 2 of 5: status 502, expected 2xx (3 attempts)'],
      status: 502,
      latencyMs: 40,
      p95Ms: 40,
      attempts: 4,
    });
  });

  it('passes a check whose every sample meets every expectation', () => {
    const expect_ = expectations({
      status: { codes: [200], classes: [] },
      latency: { everyMs: 100, p95Ms: 80 },
      json: json('$.status == ok'),
      bodyContains: ['ok'],
      headers: { 'content-type': 'json' },
    });
    expect(evaluateCheck(expect_, [answered(), answered({ latencyMs: 75 })], AT)).toEqual({
      ok: true,
      failures: [],
      status: 200,
      latencyMs: 40,
      p95Ms: 75,
      attempts: 2,
    });
  });
});
