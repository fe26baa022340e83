// What people and tools read: the verdict line, the step's failure message, the job summary and
// the JUnit report (escaped, and readable by a standard XML parser).
import { describe, expect, it } from 'vitest';
import { escapeXml, escapeXmlAttribute, renderJUnit } from '../../actions/smoke-test/src/junit.ts';
import type { CheckResult, SmokeResult } from '../../actions/smoke-test/src/result.ts';
import { failureMessage, renderSummary, verdictLine } from '../../actions/smoke-test/src/summary.ts';
import { parseJUnit } from './junit-xml.ts';

const healthz: CheckResult = {
  name: 'healthz',
  ok: false,
  status: 200,
  latencyMs: 45,
  p95Ms: 180,
  attempts: 5,
  failures: ['$.integrity.score was 0.91, expected >= 0.95', 'p95 latency 180ms, expected <= 100ms'],
};
const home: CheckResult = { name: 'home', ok: true, status: 200, latencyMs: 12, p95Ms: 12, attempts: 1, failures: [] };
const api: CheckResult = {
  name: 'api',
  ok: false,
  status: null,
  latencyMs: null,
  p95Ms: null,
  attempts: 3,
  failures: ['connection refused (3 attempts)'],
};

const single = { windowMs: 0, intervalMs: 60_000, failureThreshold: 3 };
const hourWatch = { windowMs: 3_600_000, intervalMs: 60_000, failureThreshold: 3 };

const STARTED = Date.parse('2026-11-25T12:00:00.123Z');

function result(overrides: Partial<SmokeResult>): SmokeResult {
  return {
    startedAt: STARTED,
    verdict: 'passed',
    watch: single,
    rounds: [{ startedAtMs: 0, passed: true, failedChecks: [] }],
    lastRound: [home],
    consecutiveFailures: 0,
    ...overrides,
  };
}

const tripped = result({
  verdict: 'tripped',
  watch: hourWatch,
  rounds: [
    { startedAtMs: 0, passed: true, failedChecks: [] },
    { startedAtMs: 60_000, passed: true, failedChecks: [] },
    { startedAtMs: 120_000, passed: false, failedChecks: ['healthz'] },
    { startedAtMs: 180_000, passed: false, failedChecks: ['healthz', 'api'] },
    { startedAtMs: 240_000, passed: false, failedChecks: ['healthz', 'api'] },
  ],
  lastRound: [home, healthz, api],
  consecutiveFailures: 3,
  rollback: {
    workflow: 'rollback.yml',
    ref: 'main',
    inputs: { environment: 'production', reason: 'smoke-test tripped' },
    dispatched: true,
    runUrl: 'https://github.com/octo-org/shop/actions/runs/7001',
  },
});

describe('the verdict and the failure message', () => {
  it('say nothing is wrong when everything passed', () => {
    expect(verdictLine(result({}))).toBe('Smoke test passed: 1 check.');
    expect(failureMessage(result({}))).toBeUndefined();
    const watched = result({
      watch: hourWatch,
      rounds: Array.from({ length: 60 }, () => ({ startedAtMs: 0, passed: true, failedChecks: [] })),
    });
    expect(verdictLine(watched)).toBe('Watch passed: 60 rounds over 1h, and the last one passed.');
  });

  it('list every failure of the last round as "check: what broke"', () => {
    const failed = result({ verdict: 'tripped', lastRound: [home, healthz, api] });
    expect(failureMessage(failed)).toBe(
      [
        'Smoke test tripped: 2 of 3 checks failed (without a watch, one failed round trips).',
        'healthz: $.integrity.score was 0.91, expected >= 0.95',
        'healthz: p95 latency 180ms, expected <= 100ms',
        'api: connection refused (3 attempts)',
      ].join('\n'),
    );
  });

  it('say how a watch tripped and what was dispatched', () => {
    expect(failureMessage(tripped)?.split('\n')).toEqual([
      'Watch tripped: 3 failed rounds in a row (threshold 3), at round 5 of 60.',
      'healthz: $.integrity.score was 0.91, expected >= 0.95',
      'healthz: p95 latency 180ms, expected <= 100ms',
      'api: connection refused (3 attempts)',
      'Rollback: dispatched rollback.yml on main with environment=production, reason=smoke-test tripped. Run: https://github.com/octo-org/shop/actions/runs/7001',
    ]);
  });

  it('say when a watch tripped after its planned rounds', () => {
    const late = result({
      verdict: 'tripped',
      watch: { windowMs: 180_000, intervalMs: 60_000, failureThreshold: 3 },
      rounds: Array.from({ length: 5 }, (_, index) => ({
        startedAtMs: index * 60_000,
        passed: index > 1,
        failedChecks: [],
      })),
      lastRound: [api],
      consecutiveFailures: 3,
    });
    expect(verdictLine(late)).toBe(
      'Watch tripped: 3 failed rounds in a row (threshold 3), at round 5, after the 3 planned.',
    );
  });

  it('use the same verdict word in the summary heading, the verdict line and the JUnit property', () => {
    for (const watch of [single, hourWatch]) {
      const tripped1 = result({ verdict: 'tripped', watch, lastRound: [api], consecutiveFailures: 3 });
      expect(renderSummary(tripped1)).toMatch(/^## Smoke test: ✘ tripped\n\n(Smoke test|Watch) tripped: /);
      expect(parseJUnit(renderJUnit(tripped1))[0].properties.verdict).toBe('tripped');
    }
  });

  it('report a dispatch that failed', () => {
    const failedDispatch = {
      ...tripped,
      rollback: { workflow: 'rollback.yml', inputs: {}, dispatched: false, error: 'GitHub API POST failed with 404' },
    };
    expect(failureMessage(failedDispatch)).toContain(
      'Rollback: dispatching rollback.yml failed: GitHub API POST failed with 404',
    );
  });
});

describe('the job summary', () => {
  it('shows one table, the round history and the dispatch', () => {
    expect(renderSummary(tripped)).toBe(
      `## Smoke test: ✘ tripped

Watch tripped: 3 failed rounds in a row (threshold 3), at round 5 of 60.

Rounds: \`✔✔✘✘✘\` (a round every 1m for 1h; 3 failed in a row trip it)

Round 5 (the last):

| check | verdict | status | latency / p95 | failures |
| --- | --- | --- | --- | --- |
| home | ✔ pass | 200 | 12ms / 12ms |  |
| healthz | ✘ fail | 200 | 45ms / 180ms | $.integrity.score was 0.91, expected &gt;= 0.95<br>p95 latency 180ms, expected &lt;= 100ms |
| api | ✘ fail | — | — | connection refused (3 attempts) |

**Rollback:** dispatched rollback.yml on main with environment=production, reason=smoke-test tripped. See [the rollback run](https://github.com/octo-org/shop/actions/runs/7001).

<details><summary>Failed rounds (3)</summary>

- round 3 at +2m: healthz
- round 4 at +3m: healthz, api
- round 5 at +4m: healthz, api

</details>
`,
    );
  });

  it('for a single round shows the table without a history', () => {
    const summary = renderSummary(result({ verdict: 'tripped', lastRound: [home, api] }));
    expect(summary).toContain('## Smoke test: ✘ tripped');
    expect(summary).toContain('Checks:\n\n| check |');
    expect(summary).not.toContain('Rounds:');
    expect(summary).toContain('No rollback-workflow is set: nothing was dispatched.');
  });

  it('escapes a pipe in a failure so the table keeps its columns', () => {
    const piped = { ...api, failures: ['$.a was "x|y", expected == z'] };
    expect(renderSummary(result({ verdict: 'tripped', lastRound: [piped] }))).toContain(
      '$.a was &quot;x\\|y&quot;, expected == z',
    );
  });

  it('shows service text and check names as text, never as HTML', () => {
    const hostile = {
      ...api,
      name: '<img src=x onerror=alert(1)>',
      failures: ['$.a was "<script>alert(1)</script>", expected == z'],
    };
    const summary = renderSummary(result({ verdict: 'tripped', lastRound: [hostile] }));
    expect(summary).toContain(
      '| &lt;img src=x onerror=alert(1)&gt; | ✘ fail | — | — | $.a was &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;, expected == z |',
    );
    expect(summary).not.toMatch(/<script|<img/);
  });

  it('shows a run address that is not an https link as text', () => {
    const odd = { ...tripped, rollback: { ...tripped.rollback, runUrl: 'javascript:alert(1)' } } as SmokeResult;
    expect(renderSummary(odd)).toContain('See javascript:alert(1).');
  });
});

describe('the JUnit report', () => {
  it('has one testsuite and one testcase per check, with every failure in <failure>', () => {
    expect(renderJUnit(tripped)).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="smoke-test" tests="3" failures="2" errors="0" time="0.057">
  <testsuite name="smoke-test" tests="3" failures="2" errors="0" skipped="0" time="0.057" timestamp="2026-11-25T12:04:00">
    <properties>
      <property name="verdict" value="tripped"/>
      <property name="rounds" value="5"/>
    </properties>
    <testcase name="home" classname="smoke-test" time="0.012"/>
    <testcase name="healthz" classname="smoke-test" time="0.045">
      <failure message="$.integrity.score was 0.91, expected &gt;= 0.95 (and 1 more)" type="SmokeCheckFailure">$.integrity.score was 0.91, expected &gt;= 0.95
p95 latency 180ms, expected &lt;= 100ms</failure>
    </testcase>
    <testcase name="api" classname="smoke-test" time="0.000">
      <failure message="connection refused (3 attempts)" type="SmokeCheckFailure">connection refused (3 attempts)</failure>
    </testcase>
  </testsuite>
</testsuites>
`);
  });

  it('escapes markup, quotes and characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('bell\u0007 and nul\u0000')).toBe('bell\uFFFD and nul\uFFFD');
    expect(escapeXml('emoji 🚀 kept')).toBe('emoji 🚀 kept');
    expect(escapeXmlAttribute('two\nlines')).toBe('two&#10;lines');
  });

  it('is stamped with the start of the round it reports, not with when it was written', () => {
    const single = result({ rounds: [{ startedAtMs: 0, passed: true, failedChecks: [] }] });
    expect(parseJUnit(renderJUnit(single))[0].timestamp).toBe('2026-11-25T12:00:00');
    // The tripped watch reports its fifth round, which started 4 minutes in.
    expect(parseJUnit(renderJUnit(tripped))[0].timestamp).toBe('2026-11-25T12:04:00');
  });

  it('opens in a standard XML parser, hostile text included', () => {
    const hostile = {
      ...api,
      name: 'api <&> "quoted"',
      failures: ['$.a was "</failure><x>", expected == \u0001', 'header x was "a&b"\t\n'],
    };
    const suites = parseJUnit(renderJUnit({ ...tripped, lastRound: [home, hostile] }));
    expect(suites).toEqual([
      {
        name: 'smoke-test',
        tests: 2,
        failures: 1,
        timestamp: '2026-11-25T12:04:00',
        properties: { verdict: 'tripped', rounds: '5' },
        cases: [
          { name: 'home', classname: 'smoke-test' },
          {
            name: 'api <&> "quoted"',
            classname: 'smoke-test',
            failure: {
              message: '$.a was "</failure><x>", expected == \uFFFD (and 1 more)',
              type: 'SmokeCheckFailure',
              text: '$.a was "</failure><x>", expected == \uFFFD\nheader x was "a&b"\t\n',
            },
          },
        ],
      },
    ]);
  });

  it('the parser used above refuses what a viewer would refuse', () => {
    expect(() => parseJUnit('<testsuites><testsuite></testsuites>')).toThrow(/not well-formed/);
    expect(() => parseJUnit('<testsuites><testsuite name="a\u0001"/></testsuites>')).toThrow(/not allowed in XML 1.0/);
    expect(() => parseJUnit('<testsuites><testsuite name="a & b"/></testsuites>')).toThrow(/starts no entity/);
    expect(() => parseJUnit('<testsuites><testsuite name="a < b"/></testsuites>')).toThrow(/inside an attribute/);
    expect(() => parseJUnit('<testsuites/><testsuites/>')).toThrow(/one root element/);
  });
});
