// The bundled action run the way the runner runs it (INPUT_*, a real push payload, GITHUB_OUTPUT,
// the step summary) against a real local service and the GitHub stand-in.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubStandIn, startGitHubStandIn } from '../support/github/server.ts';
import { REPO_ROOT, type RunOptions, runActionBundle } from '../support/runner.ts';
import { generateCertificates, startTestService, type TestService } from './test-service.ts';

const action = join(REPO_ROOT, 'actions/smoke-test');
let service: TestService;
let standIn: GitHubStandIn;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service.stop();
});
beforeEach(async () => {
  service.requests.length = 0;
  service.health.score = 0.99;
  standIn = await startGitHubStandIn();
});
afterEach(async () => {
  await standIn.stop();
  expect(standIn.violations).toEqual([]);
});

const HEALTHZ = `
- name: healthz
  url: /healthz
  expect:
    status: 200
    latency: 5s
    json:
      - "$.status == ok"
      - "$.integrity.score >= 0.95"
      - "$.version exists"
    headers: { content-type: application/json }
- name: home
  url: /echo
  expect:
    body-contains: GET
`;

function runSmoke(inputs: Record<string, string>, options: Omit<RunOptions, 'inputs'> = {}) {
  return runActionBundle(action, {
    apiUrl: standIn.url,
    event: 'push',
    ...options,
    inputs: { 'base-url': service.url, 'retry-delay': '100ms', ...inputs },
  });
}

describe('the bundled smoke-test action', () => {
  it('passes a healthy service without calling GitHub, even with no token', async () => {
    const result = await runSmoke({ checks: HEALTHZ }, { token: '' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      passed: 'true',
      tripped: 'false',
      'failed-checks': '',
      rounds: '1',
      'rollback-dispatched': 'false',
      junit: '',
    });
    expect(JSON.parse(result.outputs.results)).toEqual([
      {
        name: 'healthz',
        ok: true,
        status: 200,
        latencyMs: expect.any(Number),
        p95Ms: expect.any(Number),
        attempts: 1,
        failures: [],
      },
      {
        name: 'home',
        ok: true,
        status: 200,
        latencyMs: expect.any(Number),
        p95Ms: expect.any(Number),
        attempts: 1,
        failures: [],
      },
    ]);
    expect(result.summary).toContain('## Smoke test: ✔ passed');
    expect(result.summary).toMatch(/\| healthz \| ✔ pass \| 200 \| \d+ms \/ \d+ms \|/);
    expect(service.requests.map((request) => request.path)).toEqual(expect.arrayContaining(['/healthz', '/echo']));
    expect(service.requests).toHaveLength(2);
    expect(service.requests[0].headers['user-agent']).toBe('shipshape-smoke-test');
    expect(standIn.requests).toEqual([]);
  });

  it('fails the step with a message that reads like the broken expectation', async () => {
    service.health.score = 0.91;
    const result = await runSmoke({ checks: HEALTHZ });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain('healthz: $.integrity.score was 0.91, expected >= 0.95');
    expect(result.errors[0]).toMatch(/^Smoke test failed: 1 of 2 checks failed\./);
    expect(result.log).not.toMatch(/\n\s+at /);
    expect(result.outputs).toMatchObject({ passed: 'false', tripped: 'true', 'failed-checks': 'healthz', rounds: '1' });
    expect(JSON.parse(result.outputs.results)[0]).toMatchObject({
      name: 'healthz',
      ok: false,
      failures: ['$.integrity.score was 0.91, expected >= 0.95'],
    });
    expect(result.summary).toContain('| healthz | ✘ fail | 200 |');
    // A failed expectation is an answer, not a fault: one request per check, no retry.
    expect(service.requests).toHaveLength(2);
    expect(standIn.requests).toEqual([]);
  });

  it('trips a watch and dispatches the rollback exactly once, on the default branch', async () => {
    service.health.score = 0.5;
    const result = await runSmoke({
      checks: HEALTHZ,
      watch: '3s',
      interval: '1s',
      'failure-threshold': '2',
      'rollback-workflow': 'rollback.yml',
      'rollback-inputs': 'environment: production\nreason: smoke-test tripped\nattempt: 1',
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({
      passed: 'false',
      tripped: 'true',
      rounds: '2',
      'rollback-dispatched': 'true',
    });
    expect(standIn.state.repo('octo-org', 'shop').dispatches).toEqual([
      {
        workflowId: 'rollback.yml',
        ref: 'main',
        inputs: { environment: 'production', reason: 'smoke-test tripped', attempt: '1' },
      },
    ]);
    expect(standIn.requests.map((request) => [request.method, request.path, request.authorization])).toEqual([
      ['GET', '/repos/octo-org/shop', 'token ghs_standInToken0123456789'],
      ['POST', '/repos/octo-org/shop/actions/workflows/rollback.yml/dispatches', 'token ghs_standInToken0123456789'],
    ]);
    expect(result.errors[0]).toContain('Watch tripped: 2 failed rounds in a row (threshold 2), at round 2 of 3.');
    expect(result.errors[0]).toContain('Rollback: dispatched rollback.yml on main with environment=production');
    expect(result.summary).toContain('Rounds: `✘✘`');
    expect(result.summary).toContain('**Rollback:** dispatched rollback.yml on main');
    expect(result.log).not.toContain('ghs_standInToken');
  });

  it('passes a watch whose rounds all pass, without dispatching', async () => {
    const result = await runSmoke({
      checks: HEALTHZ,
      watch: '2s',
      interval: '1s',
      'failure-threshold': '1',
      'rollback-workflow': 'rollback.yml',
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({
      passed: 'true',
      tripped: 'false',
      rounds: '2',
      'rollback-dispatched': 'false',
    });
    expect(result.summary).toContain('Rounds: `✔✔`');
    expect(standIn.requests).toEqual([]);
  });

  it('fails the step when the rollback workflow cannot be dispatched', async () => {
    service.health.score = 0.5;
    const result = await runSmoke({ checks: HEALTHZ, 'rollback-workflow': 'missing.yml', 'rollback-ref': 'main' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs['rollback-dispatched']).toBe('false');
    expect(result.errors[0]).toContain('Rollback: dispatching missing.yml failed: GitHub API POST');
    expect(result.errors[0]).toContain('failed with 404');
    expect(standIn.state.repo('octo-org', 'shop').dispatches).toEqual([]);
  });

  it('reads checks from a config file in the workspace and writes a JUnit report', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'smoke-workspace-'));
    mkdirSync(join(workspace, '.github'));
    writeFileSync(
      join(workspace, '.github/smoke.yml'),
      `defaults:\n  timeout: 2s\nchecks:${HEALTHZ.replace(/\n/g, '\n  ')}`,
    );
    service.health.status = 'degraded & <slow>';
    try {
      const result = await runSmoke({ config: '.github/smoke.yml', junit: 'reports/smoke.xml' }, { workspace });
      expect(result.exitCode).toBe(1);
      expect(result.outputs.junit).toBe(join(workspace, 'reports/smoke.xml'));
      const xml = readFileSync(join(workspace, 'reports/smoke.xml'), 'utf8');
      expect(xml).toContain('<testsuite name="smoke-test" tests="2" failures="1"');
      expect(xml).toContain('<testcase name="home" classname="smoke-test"');
      expect(xml).toContain('$.status was &quot;degraded &amp; &lt;slow&gt;&quot;, expected == ok</failure>');
    } finally {
      service.health.status = 'ok';
    }
  });

  it('masks ${VAR} values used in headers and never shows them, even when the service echoes them', async () => {
    const token = 'smk_9f8e7d6c5b4a';
    const result = await runSmoke(
      {
        checks: `
- name: echo
  url: /echo
  headers: { Authorization: "Bearer \${SMOKE_TOKEN}" }
  expect:
    json: ["$.headers.authorization == nope"]
`,
        junit: 'smoke.xml',
      },
      { env: { SMOKE_TOKEN: token } },
    );
    expect(service.requests[0].headers.authorization).toBe(`Bearer ${token}`);
    expect(result.exitCode).toBe(1);
    expect(result.masks).toContain(token);
    expect(result.errors[0]).toContain('echo: $.headers.authorization was "Bearer ***", expected == nope');
    for (const text of [
      result.log,
      result.summary,
      JSON.stringify(result.outputs),
      readFileSync(result.outputs.junit, 'utf8'),
    ]) {
      expect(text).not.toContain(token);
    }
  });

  it('checks certificate expiry over HTTPS with the runner’s NODE_EXTRA_CA_CERTS', async () => {
    const certificates = await generateCertificates({ server: 5 });
    const https = await startTestService(certificates);
    const caFile = join(mkdtempSync(join(tmpdir(), 'smoke-ca-')), 'ca.pem');
    writeFileSync(caFile, certificates.ca);
    try {
      const result = await runSmoke(
        { checks: `- name: tls\n  url: ${https.url}/healthz\n  expect:\n    tls-days: 14\n` },
        { env: { NODE_EXTRA_CA_CERTS: caFile } },
      );
      expect(result.exitCode).toBe(1);
      expect(result.errors[0]).toMatch(
        /tls: TLS certificate CN=shop\.test expires in [45] days \(.+\), expected at least 14 days/,
      );
    } finally {
      await https.stop();
    }
  });
});

describe('bad input stops the bundled action before any request', () => {
  const cases: Array<[string, Record<string, string>, string[]]> = [
    [
      'an unknown key in a check (expct)',
      { checks: '- name: healthz\n  url: /healthz\n  expct:\n    status: 200\n' },
      ["Input 'checks': check 'healthz' (line 3): unknown key 'expct'"],
    ],
    [
      'duplicate names',
      { checks: '- name: healthz\n  url: /healthz\n- name: healthz\n  url: /echo\n' },
      ["check 'healthz', field name (line 3): duplicate name 'healthz'"],
    ],
    [
      'a URL that is not http(s)',
      { checks: '- name: files\n  url: ftp://files.example.com/ok\n' },
      [`check 'files', field url (line 2): "ftp://files.example.com/ok" is not an http or https URL`],
    ],
    [
      'a relative URL without base-url',
      { checks: '- name: healthz\n  url: /healthz\n', 'base-url': '' },
      [`check 'healthz', field url (line 2): "/healthz" is relative and the base-url input is not set`],
    ],
    [
      'a duration without a unit in a check',
      { checks: '- name: healthz\n  url: /healthz\n  timeout: 10\n' },
      ["check 'healthz', field timeout (line 3): 10 has no unit"],
    ],
    [
      'a duration without a unit in an input',
      { checks: HEALTHZ, interval: '60' },
      [`Input 'interval' was "60": expected a number with a unit`],
    ],
    [
      'a watch shorter than the interval',
      { checks: HEALTHZ, watch: '30s', interval: '1m' },
      [`Input 'watch' was "30s": shorter than the interval (1m)`],
    ],
    [
      'an unparseable JSON expectation',
      { checks: '- name: healthz\n  url: /healthz\n  expect:\n    json:\n      - "$.integrity.score => 0.95"\n' },
      [
        `check 'healthz', field expect.json[0] (line 5): cannot read "$.integrity.score => 0.95": "=>" is not an operator`,
      ],
    ],
    [
      'malformed YAML',
      { checks: '- name: healthz\n  url: /healthz\n  expect: { status: 200\n' },
      ["Input 'checks': YAML syntax error at line 3: Flow map in block collection"],
    ],
  ];

  it.each(cases)('%s', async (_, inputs, messages) => {
    const result = await runSmoke({ ...inputs, 'rollback-workflow': 'rollback.yml' });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    for (const message of messages) expect(result.errors[0]).toContain(message);
    expect(result.log).not.toMatch(/\n\s+at /);
    expect(service.requests).toEqual([]);
    expect(standIn.requests).toEqual([]);
    expect(result.outputs).toEqual({});
  });
});
