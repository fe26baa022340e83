// The bundled action run the way the runner runs it (INPUT_*, a real push payload, GITHUB_OUTPUT,
// the step summary) against a real local service and the GitHub stand-in.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubStandIn, startGitHubStandIn } from '../../src/github-standin/server.ts';
import { REPO_ROOT, type RunOptions, runActionBundle } from '../support/runner.ts';
import { parseJUnit } from './junit-xml.ts';
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

/** Where any start of 6 characters or more of the secret shows (raw, JSON-escaped or XML-escaped). */
function startsOfSecretIn(secret: string, texts: Record<string, string>): string[] {
  const xmlEscaped = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const forms = [secret, JSON.stringify(secret).slice(1, -1), xmlEscaped];
  const found: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    for (const form of forms) {
      const start = form.slice(0, 6);
      if (text.includes(start)) found.push(`${where}: ${start}`);
    }
  }
  return found;
}

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
    expect(result.errors[0]).toMatch(
      /^Smoke test tripped: 1 of 2 checks failed \(without a watch, one failed round trips\)\./,
    );
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
    // The window is far longer than two rounds take even on a slow machine: the trip ends it.
    const result = await runSmoke({
      checks: HEALTHZ,
      watch: '60s',
      interval: '1s',
      'failure-threshold': '2',
      'rollback-workflow': 'rollback.yml',
      'rollback-inputs': 'environment: production\nreason: smoke-test tripped\nattempt: 1',
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ passed: 'false', tripped: 'true', 'rollback-dispatched': 'true' });
    // Every round fails, so the watch trips at the threshold, not later.
    expect(result.outputs.rounds).toBe('2');
    expect(standIn.state.repo('octo-org', 'shop').dispatches).toEqual([
      {
        workflowId: 'rollback.yml',
        ref: 'main',
        inputs: { environment: 'production', reason: 'smoke-test tripped', attempt: '1' },
      },
    ]);
    expect(standIn.requests.map((request) => [request.method, request.path, request.authorization])).toEqual([
      ['GET', '/repos/octo-org/shop', 'token ghs_standInToken0123456789'],
      // The runs already there, never taken for ours should an answer be lost.
      ['GET', '/repos/octo-org/shop/actions/workflows/rollback.yml/runs', 'token ghs_standInToken0123456789'],
      ['POST', '/repos/octo-org/shop/actions/workflows/rollback.yml/dispatches', 'token ghs_standInToken0123456789'],
    ]);
    expect(result.errors[0]).toContain('Watch tripped: 2 failed rounds in a row (threshold 2), at round 2 of 60.');
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
    expect(result.outputs).toMatchObject({ passed: 'true', tripped: 'false', 'rollback-dispatched': 'false' });
    // Two rounds on time; a slow machine may fit only one into the window (exact counts: main.test.ts).
    const rounds = Number(result.outputs.rounds);
    expect([1, 2]).toContain(rounds);
    expect(result.summary).toContain(`Rounds: \`${'✔'.repeat(rounds)}\``);
    expect(service.requests).toHaveLength(2 * rounds);
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
      // Read as a JUnit viewer reads it: the file the bundle wrote, through a real XML parser.
      const suites = parseJUnit(readFileSync(join(workspace, 'reports/smoke.xml'), 'utf8'));
      expect(suites).toHaveLength(1);
      expect(suites[0]).toMatchObject({
        name: 'smoke-test',
        tests: 2,
        failures: 1,
        properties: { verdict: 'tripped', rounds: '1' },
      });
      expect(suites[0].cases).toEqual([
        {
          name: 'healthz',
          classname: 'smoke-test',
          failure: {
            message: '$.status was "degraded & <slow>", expected == ok',
            type: 'SmokeCheckFailure',
            text: '$.status was "degraded & <slow>", expected == ok',
          },
        },
        { name: 'home', classname: 'smoke-test' },
      ]);
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

  it.each([
    ['cut by the 80-character clip (at ~position 70 of the value)', 'smk_9f8e7d6c5b4a3210fedcba'],
    ['with a quote and a backslash (JSON-escaped when echoed)', 'Qu"ote\\smk-7f6e5d4c3b2a'],
  ])('never shows a secret, or any 6-character start of it, when the service echoes one %s', async (_, secret) => {
    const padding = 'p'.repeat(60);
    const result = await runSmoke(
      {
        checks: `
- name: echo
  url: /echo
  headers:
    X-Note: "${padding}\${SMOKE_TOKEN}"
    X-Reflect: "${padding}\${SMOKE_TOKEN}"
  expect:
    json: ["$.headers.x-note == nope", "$.headers == nope", "$.body exists"]
    headers: { x-reflect: nope }
`,
        junit: 'smoke.xml',
      },
      { env: { SMOKE_TOKEN: secret } },
    );
    expect(service.requests[0].headers['x-note']).toBe(`${padding}${secret}`);
    expect(result.exitCode).toBe(1);
    expect(result.masks).toContain(secret);
    const failures = JSON.parse(result.outputs.results)[0].failures as string[];
    expect(failures).toEqual([
      `header x-reflect was "${padding}***", expected it to contain "nope"`,
      `$.headers.x-note was "${padding}***", expected == nope`,
      expect.stringMatching(/^\$\.headers was \{.*…, expected == nope$/),
    ]);
    const junit = readFileSync(result.outputs.junit, 'utf8');
    const parsed = parseJUnit(junit)[0].cases[0].failure;
    const shown = {
      log: result.log,
      errors: result.errors.join('\n'),
      summary: result.summary,
      ...result.outputs,
      junit,
      'junit, parsed': `${parsed?.message}\n${parsed?.text}`,
    };
    expect(startsOfSecretIn(secret, shown)).toEqual([]);
  });

  it('never shows a secret the service echoes URL-encoded, lower-cased or base64-encoded', async () => {
    const secret = 'Smk/Token+Value 9F8E';
    const result = await runSmoke(
      {
        checks: `
- name: mangled
  url: /echo-encoded
  headers: { X-Note: "\${SMOKE_TOKEN}" }
  expect:
    json: ["$.url == nope", "$.lower == nope", "$.base64 == nope", "$.basic == nope"]
`,
      },
      { env: { SMOKE_TOKEN: secret } },
    );
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.outputs.results)[0].failures).toEqual([
      '$.url was "***", expected == nope',
      '$.lower was "***", expected == nope',
      '$.base64 was "***", expected == nope',
      // The characters that straddle "user:" and the secret stay; none encodes the secret alone.
      expect.stringMatching(/^\$\.basic was "dXNlcjp\*\*\*[A-Za-z0-9+/=]{0,4}", expected == nope$/),
    ]);
    const encoded = [encodeURIComponent(secret), secret.toLowerCase(), Buffer.from(secret).toString('base64')];
    for (const text of [result.log, result.summary, JSON.stringify(result.outputs)]) {
      for (const form of encoded) expect(text).not.toContain(form);
    }
  });

  it('does not mask a ${VAR} value shorter than 4 characters, and warns about it once', async () => {
    const result = await runSmoke(
      {
        checks: `
defaults:
  headers: { X-Shard: "\${SHARD}" }
checks:
  - { name: healthz, url: /healthz, expect: { status: 200 } }
  - { name: home, url: /echo, headers: { X-Again: "s\${SHARD}" } }
`,
      },
      { env: { SHARD: '2' } },
    );
    expect(result.exitCode).toBe(0);
    expect(service.requests.map((request) => request.headers['x-shard'])).toEqual(['2', '2']);
    expect(result.masks).not.toContain('2');
    expect(result.warnings).toEqual([
      '${SHARD} is shorter than 4 characters, so its value is not masked in the log or redacted from the reports (masking it would hide every such text). Do not use it for a secret.',
    ]);
    expect(result.summary).toMatch(/\| healthz \| ✔ pass \| 200 \|/);
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

describe('the bundled action under faults (issue 7)', () => {
  it('trips on a hung service whose rounds overrun the interval, and rolls back', async () => {
    // Each round waits 2.5s for an answer that never comes: the 2s window closes after one round.
    const result = await runSmoke({
      checks: '- name: hung\n  url: /hang\n  timeout: 2500ms\n',
      retries: '0',
      watch: '2s',
      interval: '1s',
      'failure-threshold': '2',
      'rollback-workflow': 'rollback.yml',
      'rollback-ref': 'main',
    });
    expect(result.exitCode).toBe(1);
    const repo = standIn.state.repo('octo-org', 'shop');
    expect(repo.workflowRuns).toHaveLength(1);
    expect(result.outputs).toMatchObject({
      passed: 'false',
      tripped: 'true',
      rounds: '2',
      'failed-checks': 'hung',
      'rollback-dispatched': 'true',
      'rollback-run-url': `https://github.com/octo-org/shop/actions/runs/${repo.workflowRuns[0].id}`,
    });
    expect(result.errors[0]).toMatch(
      /^Watch tripped: 2 failed rounds in a row \(threshold 2\), at round 2 of 2\.\nhung: no complete response within 2\.5s \(1 attempt\)\n/,
    );
    expect(service.requests.map((request) => request.path)).toEqual(['/hang', '/hang']);
  });

  it('starts exactly one rollback run when GitHub does the dispatch but the answer is lost', async () => {
    service.health.score = 0.5;
    standIn.failNext(1, {
      status: 502,
      body: { message: 'Bad Gateway' },
      afterHandling: true,
      match: (method, path) => method === 'POST' && path.endsWith('/dispatches'),
    });
    const result = await runSmoke({ checks: HEALTHZ, 'rollback-workflow': 'rollback.yml' });
    const repo = standIn.state.repo('octo-org', 'shop');
    expect(repo.dispatches).toHaveLength(1);
    expect(repo.workflowRuns).toHaveLength(1);
    const runUrl = `https://github.com/octo-org/shop/actions/runs/${repo.workflowRuns[0].id}`;
    expect(result.outputs).toMatchObject({
      tripped: 'true',
      'rollback-dispatched': 'true',
      'rollback-run-url': runUrl,
    });
    expect(standIn.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      'GET /repos/octo-org/shop 200',
      'GET /repos/octo-org/shop/actions/workflows/rollback.yml/runs 200',
      'POST /repos/octo-org/shop/actions/workflows/rollback.yml/dispatches 502',
      'GET /repos/octo-org/shop/actions/workflows/rollback.yml/runs 200',
    ]);
    expect(result.summary).toContain(
      `**Rollback:** dispatched rollback.yml on main. See [the rollback run](${runUrl}).`,
    );
    expect(result.errors[0]).toContain(`Rollback: dispatched rollback.yml on main. Run: ${runUrl}`);
  });

  it('stops five samples at the first failed one: one sample’s retries, and the same attempts everywhere', async () => {
    const result = await runSmoke({
      checks: '- name: down\n  url: /status/503\n  samples: 5\n',
      retries: '2',
      'retry-delay': '100ms',
      junit: 'smoke.xml',
    });
    expect(result.exitCode).toBe(1);
    expect(service.requests).toHaveLength(3);
    const [down] = JSON.parse(result.outputs.results);
    expect(down).toEqual({
      name: 'down',
      ok: false,
      status: 503,
      latencyMs: expect.any(Number),
      p95Ms: expect.any(Number),
      attempts: 3,
      failures: ['status 503, expected 2xx (3 attempts)'],
    });
    expect(result.errors[0]).toContain('down: status 503, expected 2xx (3 attempts)');
    const [suite] = parseJUnit(readFileSync(result.outputs.junit, 'utf8'));
    expect(suite.cases[0].failure?.message).toBe('status 503, expected 2xx (3 attempts)');
  });

  it('writes the JUnit report to the runner’s temp folder', async () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'smoke-runner-temp-'));
    const junit = join(runnerTemp, 'reports/smoke.xml');
    const result = await runSmoke({ checks: HEALTHZ, junit }, { env: { RUNNER_TEMP: runnerTemp } });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.junit).toBe(junit);
    expect(parseJUnit(readFileSync(junit, 'utf8'))[0]).toMatchObject({ tests: 2, failures: 0 });
  });

  it('keeps a check name with a line break and a workflow command on one log line', async () => {
    const result = await runSmoke({
      checks: '- name: "api\\n::warning::forged by a check name"\n  url: /status/404\n',
    });
    expect(result.exitCode).toBe(1);
    expect(result.warnings).toEqual([]);
    expect(result.log).toContain('  ✘ api⏎::warning::forged by a check name: status 404, expected 2xx\n');
    expect(result.log.split('\n').filter((line) => line.startsWith('::warning'))).toEqual([]);
  });

  it('refuses ${INPUT_TOKEN} in a check before any request, and never shows the token', async () => {
    const result = await runSmoke({
      checks: '- name: echo\n  url: /echo\n  headers: { Authorization: "Bearer ${INPUT_TOKEN}" }\n',
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      "Input 'checks': check 'echo', field headers.Authorization (line 3): ${INPUT_TOKEN} cannot be used: INPUT_* and ACTIONS_* variables are the action's own inputs and the runner's credentials. Pass the value in the step's env (env: { SMOKE_TOKEN: ... }) and write ${SMOKE_TOKEN}",
    ]);
    expect(service.requests).toEqual([]);
    expect(result.log).not.toContain('ghs_standInToken');
  });

  it('judges a header expectation named constructor or toString as a missing header, not a crash', async () => {
    const result = await runSmoke({
      checks: '- name: proto\n  url: /healthz\n  expect:\n    headers: { constructor: x, toString: y }\n',
    });
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.outputs.results)[0].failures).toEqual([
      'header constructor is missing, expected it to contain "x"',
      'header toString is missing, expected it to contain "y"',
    ]);
    expect(result.log).not.toMatch(/\n\s+at /);
  });

  it('shows a service body with <script> as text in the job summary', async () => {
    service.health.status = '<script>alert(1)</script>';
    try {
      const result = await runSmoke({ checks: HEALTHZ });
      expect(result.exitCode).toBe(1);
      expect(result.summary).toContain('| healthz | ✘ fail | 200 |');
      expect(result.summary).toContain(
        '$.status was &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;, expected == ok',
      );
      expect(result.summary).not.toContain('<script>');
    } finally {
      service.health.status = 'ok';
    }
  });
});

describe('bad input stops the bundled action before any request', () => {
  // Every case has a valid check first, pointing at the service: checks are validated all at once,
  // so not even that one may be sent. `SIBLING` is replaced by it (2 lines) when the case runs.
  const cases: Array<[string, Record<string, string>, string]> = [
    [
      'an unknown key in a check (expct)',
      { checks: 'SIBLING- name: healthz\n  url: /healthz\n  expct:\n    status: 200\n' },
      "Input 'checks': check 'healthz' (line 5): unknown key 'expct' (did you mean 'expect'?); a check takes name, url,",
    ],
    [
      'duplicate names',
      { checks: 'SIBLING- name: healthz\n  url: /healthz\n- name: healthz\n  url: /echo\n' },
      "check 'healthz', field name (line 5): duplicate name 'healthz'",
    ],
    [
      'a URL that is not http(s)',
      { checks: 'SIBLING- name: files\n  url: ftp://files.example.com/ok\n' },
      `check 'files', field url (line 4): "ftp://files.example.com/ok" is not an http or https URL`,
    ],
    [
      'a relative URL without base-url',
      { checks: 'SIBLING- name: healthz\n  url: /healthz\n', 'base-url': '' },
      `check 'healthz', field url (line 4): "/healthz" is relative and the base-url input is not set`,
    ],
    [
      'a duration without a unit in a check',
      { checks: 'SIBLING- name: healthz\n  url: /healthz\n  timeout: 10\n' },
      "check 'healthz', field timeout (line 5): 10 has no unit",
    ],
    [
      'samples out of range',
      { checks: 'SIBLING- name: healthz\n  url: /healthz\n  samples: 0\n' },
      "check 'healthz', field samples (line 5): was 0, expected a whole number from 1 to 100",
    ],
    [
      'tls-days in quotes',
      { checks: 'SIBLING- name: healthz\n  url: https://shop.example.com/\n  expect: { tls-days: "14" }\n' },
      `check 'healthz', field expect.tls-days (line 5): was "14", expected a whole number of days, 0 or more (without quotes)`,
    ],
    [
      'a duration without a unit in an input',
      { checks: 'SIBLING', interval: '60' },
      `Input 'interval' was "60": expected a number with a unit`,
    ],
    [
      'a watch shorter than the interval',
      { checks: 'SIBLING', watch: '30s', interval: '1m' },
      `Input 'watch' was "30s": shorter than the interval (1m)`,
    ],
    [
      'an unparseable JSON expectation',
      {
        checks: 'SIBLING- name: healthz\n  url: /healthz\n  expect:\n    json:\n      - "$.integrity.score => 0.95"\n',
      },
      `check 'healthz', field expect.json[0] (line 7): cannot read "$.integrity.score => 0.95": "=>" is not an operator`,
    ],
    [
      'malformed YAML',
      { checks: 'SIBLING- name: healthz\n  url: /healthz\n  expect: { status: 200\n' },
      "Input 'checks': YAML syntax error at line 5: Flow map in block collection",
    ],
    [
      'a junit path that is a directory',
      { checks: 'SIBLING', junit: '/' },
      `Input 'junit' was "/": that is a folder; name a file, e.g. /smoke.xml.`,
    ],
    [
      'a junit path outside the workspace',
      { checks: 'SIBLING', junit: '../smoke.xml' },
      `Input 'junit' was "../smoke.xml": it must be inside the workspace`,
    ],
    [
      'a YAML alias bomb (a billion laughs)',
      {
        checks:
          'SIBLING- name: bomb\n  url: /a\n  expect:\n    body-contains: &a [x, x, x, x, x, x, x, x, x, x]\n- name: b2\n  url: /b\n  expect:\n    body-contains: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n- name: b3\n  url: /c\n  expect:\n    body-contains: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n',
      },
      "Input 'checks': YAML syntax error: too many aliases (more than 100 expansions)",
    ],
    [
      'tab indentation',
      { checks: 'SIBLING- name: tabbed\n\turl: /a\n' },
      "Input 'checks':\n- YAML syntax error at line 4: Unexpected scalar at node end",
    ],
    ['a config that is a folder', { checks: '', config: '.' }, `Input 'config' was ".": that is a folder, not a file.`],
    [
      'a timeout past its bound (Node timers overflow at 2^31 ms)',
      { checks: 'SIBLING', timeout: '25d' },
      `Input 'timeout' was "25d": expected at most 5m.`,
    ],
    [
      'a rollback-workflow given as a path',
      { checks: 'SIBLING', 'rollback-workflow': '.github/workflows/rollback.yml' },
      `Input 'rollback-workflow' was ".github/workflows/rollback.yml": expected a workflow file name like rollback.yml, not a path: write "rollback.yml".`,
    ],
    [
      'a rollback-workflow without .yml',
      { checks: 'SIBLING', 'rollback-workflow': 'rollback' },
      `Input 'rollback-workflow' was "rollback": expected a workflow file name like rollback.yml (ending in .yml or .yaml, no path), or a numeric workflow id.`,
    ],
    [
      'a __proto__ request header (it would vanish, not be sent)',
      { checks: 'SIBLING- name: healthz\n  url: /healthz\n  headers: { __proto__: x }\n' },
      `check 'healthz', field headers.__proto__ (line 5): "__proto__" cannot be a name here`,
    ],
    [
      'a __proto__ header expectation (it would vanish and never fail)',
      { checks: 'SIBLING- name: healthz\n  url: /healthz\n  expect:\n    headers: { __proto__: x }\n' },
      `check 'healthz', field expect.headers.__proto__ (line 6): "__proto__" cannot be a name here`,
    ],
    [
      'a __proto__ header in defaults',
      { checks: 'defaults:\n  headers: { __proto__: x }\nchecks:\nSIBLING' },
      `"__proto__" cannot be a name here`,
    ],
    [
      'a __proto__ rollback input (it would vanish, not be sent)',
      { checks: 'SIBLING', 'rollback-inputs': '__proto__: x\nenvironment: production' },
      `Input 'rollback-inputs': __proto__ (line 1): "__proto__" cannot be a name here`,
    ],
  ];

  it.each(cases)('%s', async (_, inputs, message) => {
    const sibling = `- name: sibling\n  url: ${service.url}/healthz\n`;
    const result = await runSmoke({
      'rollback-workflow': 'rollback.yml',
      ...inputs,
      checks: inputs.checks.replace('SIBLING', sibling),
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(message);
    expect(result.log).not.toMatch(/\n\s+at /);
    expect(service.requests).toEqual([]);
    expect(standIn.requests).toEqual([]);
    expect(result.outputs).toEqual({});
    expect(existsSync(join(result.eventPath, '../smoke.xml'))).toBe(false);
  });

  it('the valid sibling check alone does reach the service (so "no request" above means something)', async () => {
    const result = await runSmoke({ checks: `- name: sibling\n  url: ${service.url}/healthz\n` });
    expect(result.exitCode).toBe(0);
    expect(service.requests.map((request) => request.path)).toEqual(['/healthz']);
  });
});
