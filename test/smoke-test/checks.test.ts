// The checks document: both shapes, defaults, URL resolution, `${VAR}` expansion and secrets,
// and every bad check named by check, field and line.
import { describe, expect, it } from 'vitest';
import { type CheckContext, type CheckSpec, parseChecks } from '../../actions/smoke-test/src/checks.ts';
import { expandVariables, redact } from '../../actions/smoke-test/src/variables.ts';

const context: CheckContext = {
  env: { SMOKE_TOKEN: 's3cr3t-token', SHOP_HOST: 'shop.example.com', EMPTY: '' },
  baseUrl: 'https://shop.example.com/api/',
  timeoutMs: 10_000,
};

function checksOf(text: string, overrides: Partial<CheckContext> = {}): CheckSpec[] {
  const result = parseChecks(text, { ...context, ...overrides });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.value.checks;
}

function errorsOf(text: string, overrides: Partial<CheckContext> = {}): string[] {
  const result = parseChecks(text, { ...context, ...overrides });
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('reading checks', () => {
  it('fills in every default of a minimal check', () => {
    expect(checksOf('- name: healthz\n  url: /healthz\n')).toEqual([
      {
        name: 'healthz',
        url: 'https://shop.example.com/api/healthz',
        method: 'GET',
        headers: { 'user-agent': 'shipshape-smoke-test' },
        timeoutMs: 10_000,
        samples: 1,
        followRedirects: true,
        expect: { status: { codes: [], classes: [2] }, json: [], bodyContains: [], headers: {} },
      },
    ]);
  });

  it('reads the full check from the issue', () => {
    const [check] = checksOf(`
- name: healthz
  url: /healthz
  method: post
  headers: { Authorization: "Bearer \${SMOKE_TOKEN}" }
  body: { ping: true }
  timeout: 2s
  samples: 5
  follow-redirects: false
  expect:
    status: 200
    latency: 100ms
    json:
      - "$.status == ok"
      - "$.integrity.score >= 0.95"
      - "$.version exists"
    body-contains: "ready"
    headers: { content-type: "application/json" }
    tls-days: 14
`);
    expect(check).toMatchObject({
      method: 'POST',
      headers: { Authorization: 'Bearer s3cr3t-token', 'content-type': 'application/json' },
      body: '{"ping":true}',
      timeoutMs: 2_000,
      samples: 5,
      followRedirects: false,
      expect: {
        status: { codes: [200], classes: [] },
        latency: { everyMs: 100 },
        bodyContains: ['ready'],
        headers: { 'content-type': 'application/json' },
        tlsDays: 14,
      },
    });
    expect(check.expect.json.map((line) => `${line.pathText} ${line.operator}`)).toEqual([
      '$.status ==',
      '$.integrity.score >=',
      '$.version exists',
    ]);
  });

  it('reads latency as p95 and max, status as a class or a list, and a single JSON line', () => {
    const [check] = checksOf(`
- name: api
  url: https://api.example.com/v1
  expect:
    status: [200, "3xx"]
    latency: { p95: 100ms, max: 1.5s }
    json: "$.ok == true"
    body-contains: [a, b]
`);
    expect(check.expect).toMatchObject({
      status: { codes: [200], classes: [3] },
      latency: { p95Ms: 100, maxMs: 1_500 },
      bodyContains: ['a', 'b'],
    });
    expect(check.expect.json).toHaveLength(1);
  });

  it('applies defaults under each check: headers merge by name, expect key by key', () => {
    const checks = checksOf(`
defaults:
  timeout: 3s
  samples: 2
  headers: { Authorization: "Bearer \${SMOKE_TOKEN}", X-Env: prod }
  expect:
    status: 200
    latency: 500ms
checks:
  - name: home
    url: /
  - name: login
    url: /login
    timeout: 1s
    headers: { x-env: staging }
    expect:
      status: 302
`);
    expect(checks[0]).toMatchObject({
      timeoutMs: 3_000,
      samples: 2,
      headers: { Authorization: 'Bearer s3cr3t-token', 'X-Env': 'prod' },
      expect: { status: { codes: [200] }, latency: { everyMs: 500 } },
    });
    expect(checks[1]).toMatchObject({
      timeoutMs: 1_000,
      headers: { Authorization: 'Bearer s3cr3t-token', 'x-env': 'staging' },
      expect: { status: { codes: [302] }, latency: { everyMs: 500 } },
    });
    expect(checks[1].headers).not.toHaveProperty('X-Env');
  });

  it('sends a string body as written, and keeps a content-type the check sets', () => {
    const [plain, typed] = checksOf(`
- name: plain
  url: /a
  method: POST
  body: "ping=\${SHOP_HOST}"
- name: typed
  url: /b
  method: PUT
  headers: { Content-Type: application/vnd.api+json }
  body: { data: [1, "\${SHOP_HOST}"] }
`);
    expect(plain.body).toBe('ping=shop.example.com');
    expect(plain.headers).not.toHaveProperty('content-type');
    expect(typed.body).toBe('{"data":[1,"shop.example.com"]}');
    expect(typed.headers).toEqual({ 'Content-Type': 'application/vnd.api+json', 'user-agent': 'shipshape-smoke-test' });
  });
});

describe('URLs', () => {
  it('prefixes base-url to a path, keeping the base path', () => {
    expect(checksOf('- {name: a, url: /healthz}', { baseUrl: 'https://shop.example.com/api' })[0].url).toBe(
      'https://shop.example.com/api/healthz',
    );
  });

  it('expands ${VAR} in an absolute URL, without treating its value as a secret', () => {
    const result = parseChecks('- {name: a, url: "https://${SHOP_HOST}/healthz?x=1"}', context);
    expect(result).toMatchObject({ ok: true, value: { secrets: [] } });
    expect(result.ok && result.value.checks[0].url).toBe('https://shop.example.com/healthz?x=1');
  });

  it('refuses a relative URL without base-url, naming the check and the field', () => {
    expect(errorsOf('- name: healthz\n  url: /healthz\n', { baseUrl: undefined })).toEqual([
      `check 'healthz', field url (line 2): "/healthz" is relative and the base-url input is not set: set base-url or write an absolute URL`,
    ]);
  });

  it.each([
    ['ftp://files.example.com/x', 'is not an http or https URL'],
    ['file:///etc/passwd', 'is not an http or https URL'],
    ['healthz', 'is neither an http(s) URL nor a path starting with /'],
    ['shop.example.com/healthz', 'is neither an http(s) URL nor a path starting with /'],
    ['http://', 'is neither an http(s) URL nor a path starting with /'],
  ])('refuses %s', (url, message) => {
    expect(errorsOf(`- name: api\n  url: "${url}"\n`)).toEqual([
      `check 'api', field url (line 2): "${url}" ${message}`,
    ]);
  });

  it('shows what a URL expanded to when the expansion is what makes it wrong', () => {
    expect(errorsOf('- {name: a, url: "${SHOP_HOST}/x"}')[0]).toContain(
      '"${SHOP_HOST}/x" (expanded: "shop.example.com/x") is neither',
    );
  });
});

describe('secrets', () => {
  it('collects values expanded into headers and bodies, not empty ones', () => {
    const result = parseChecks(
      `- name: a
  url: /a
  headers: { Authorization: "Bearer \${SMOKE_TOKEN}", X-Empty: "\${EMPTY}" }
  body: { host: "\${SHOP_HOST}" }
`,
      context,
    );
    expect(result.ok && result.value.secrets.sort()).toEqual(['s3cr3t-token', 'shop.example.com']);
  });

  it('refuses an unset variable, naming it and where it is used', () => {
    expect(errorsOf('- name: a\n  url: /a\n  headers: { Authorization: "Bearer ${MISSING}" }\n')).toEqual([
      "check 'a', field headers (line 3): ${MISSING} is not set in the environment",
    ]);
    expect(errorsOf('- {name: a, url: "https://${NOPE}/${NADA}"}')).toEqual([
      "check 'a', field url (line 1): ${NOPE}, ${NADA} are not set in the environment",
    ]);
  });

  it('refuses a header value with a line break without echoing the value', () => {
    const errors = errorsOf('- name: a\n  url: /a\n  headers: { X-A: "one\\ntwo" }\n');
    expect(errors).toEqual(["check 'a', field headers.X-A (line 3): contains a line break"]);
  });

  it('expands and redacts', () => {
    expect(expandVariables('a ${X} b ${Y_1}', { X: '1', Y_1: '2' })).toEqual({
      ok: true,
      text: 'a 1 b 2',
      values: ['1', '2'],
    });
    expect(expandVariables('$X ${ X} ${{ x }}', {})).toEqual({ ok: true, text: '$X ${ X} ${{ x }}', values: [] });
    expect(expandVariables('${A}${A}${B}', { B: '' })).toEqual({ ok: false, missing: ['A'] });
    expect(redact('token abc and abcdef', ['abc', 'abcdef'])).toBe('token *** and ***');
    expect(redact('nothing', ['', 'zzz'])).toBe('nothing');
  });
});

describe('bad checks (each named by check, field and line)', () => {
  it('refuses an unknown key such as a typo of expect', () => {
    expect(errorsOf('- name: healthz\n  url: /healthz\n  expct:\n    status: 200\n')).toEqual([
      "check 'healthz' (line 3): unknown key 'expct'",
    ]);
  });

  it('refuses an unknown key inside expect, and in defaults', () => {
    expect(errorsOf('- name: a\n  url: /a\n  expect:\n    json_path: x\n')).toEqual([
      "check 'a', field expect (line 4): unknown key 'json_path'",
    ]);
    expect(errorsOf('defaults:\n  retries: 3\nchecks:\n  - {name: a, url: /a}\n')).toEqual([
      "defaults (line 2): unknown key 'retries'",
    ]);
  });

  it('refuses duplicate names', () => {
    expect(errorsOf('- {name: api, url: /a}\n- {name: web, url: /b}\n- {name: api, url: /c}\n')).toEqual([
      "check 'api', field name (line 3): duplicate name 'api': check 1 has it too; names must be unique",
    ]);
  });

  it('refuses a name with a comma, and a check with no name', () => {
    expect(errorsOf('- {name: "a,b", url: /a}')[0]).toContain("check 'a,b', field name (line 1): no commas");
    expect(errorsOf('- {url: /a}')[0]).toMatch(/^check 1, field name \(line 1\): /);
  });

  it.each([
    ['timeout: 10', 'field timeout (line 3): 10 has no unit: write a number with a unit'],
    ['timeout: 10 seconds', 'field timeout (line 3): got "10 seconds": write a number with a unit'],
    ['timeout: 0', 'field timeout (line 3): 0 has no unit'],
    ['timeout: 0s', 'field timeout (line 3): a timeout must be more than 0'],
    ['expect: {latency: 100}', 'field expect.latency (line 3): 100 has no unit'],
    ['expect: {latency: {p95: 100}}', 'field expect.latency.p95 (line 3): 100 has no unit'],
    [
      'expect: {latency: {p99: 1s}}',
      "field expect.latency (line 3): unknown key 'p99': latency takes a duration, or p95 and/or max",
    ],
    ['expect: {latency: {}}', 'field expect.latency (line 3): latency takes a duration, or p95 and/or max'],
  ])('refuses a duration without a unit (%s)', (line, message) => {
    const errors = errorsOf(`- name: a\n  url: /a\n  ${line}\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`check 'a', ${message}`);
  });

  it('refuses an unparseable JSON expectation with its index and line', () => {
    expect(
      errorsOf('- name: healthz\n  url: /h\n  expect:\n    json:\n      - "$.status == ok"\n      - "$.score => 1"\n'),
    ).toEqual([
      `check 'healthz', field expect.json[1] (line 6): cannot read "$.score => 1": "=>" is not an operator; use one of == != < <= > >= exists !exists matches`,
    ]);
  });

  it.each([
    ['samples: 0', 'field samples (line 3)'],
    ['samples: 2.5', 'field samples (line 3)'],
    ['method: "GE T"', 'field method (line 3): expected an HTTP method'],
    ['follow-redirects: "no"', 'field follow-redirects (line 3)'],
    ['headers: {"Bad Header": x}', 'field headers.Bad Header (line 3): "Bad Header" is not a valid header name'],
    ['headers: {X-A: [1]}', 'field headers.X-A (line 3): expected text, got object'],
    [
      'expect: {status: ok}',
      'field expect.status (line 3): expected a status code (200), a class ("2xx") or a list of them, got "ok"',
    ],
    ['expect: {tls-days: -1}', 'field expect.tls-days (line 3)'],
    ['expect: {json: [{a: 1}]}', 'field expect.json[0] (line 3)'],
  ])('refuses %s', (line, message) => {
    expect(errorsOf(`- name: a\n  url: /a\n  ${line}\n`)[0]).toContain(`check 'a', ${message}`);
  });

  it('refuses tls-days on an http URL', () => {
    expect(errorsOf('- name: a\n  url: http://shop.example.com/\n  expect: {tls-days: 14}\n')).toEqual([
      "check 'a', field expect.tls-days (line 3): tls-days needs an https URL, and http://shop.example.com/ is not one",
    ]);
  });

  it('reports malformed YAML with its line', () => {
    expect(errorsOf('- name: a\n  url: /a\n  expect: {status: 200\n')[0]).toMatch(/^YAML syntax error at line \d+: /);
    expect(errorsOf('- name: a\n  name: b\n')[0]).toMatch(/^YAML syntax error at line 2: Map keys must be unique/);
  });

  it.each([
    ['[]', 'no checks: give at least one'],
    ['checks: []', 'checks (line 1): no checks: give at least one'],
    ['just text', 'expected a list of checks, or a mapping with defaults and checks'],
    ['checks: {name: a}', 'checks (line 1): expected a list of checks'],
    ['{checks: [{name: a, url: /a}], extra: 1}', "unknown key 'extra'"],
  ])('refuses the document %j', (text, message) => {
    expect(errorsOf(text)[0]).toContain(message);
  });

  it('reports every problem at once', () => {
    const errors = errorsOf('- name: a\n  url: ftp://x\n  expct: 1\n- name: b\n  url: /b\n  timeout: 5\n');
    expect(errors).toHaveLength(3);
    expect(errors.join('\n')).toContain("check 'a'");
    expect(errors.join('\n')).toContain("check 'b', field timeout (line 6)");
  });
});
