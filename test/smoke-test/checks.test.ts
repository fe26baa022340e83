// The checks document: both shapes, defaults, URL resolution, `${VAR}` expansion and secrets,
// and every bad check named by check, field and line.
import { describe, expect, it } from 'vitest';
import { type CheckContext, parseChecks } from '../../actions/smoke-test/src/checks.ts';
import type { CheckSpec } from '../../actions/smoke-test/src/spec.ts';
import { expandVariables, secretsOf } from '../../actions/smoke-test/src/variables.ts';
import { redact } from '../../src/kernel/secrets.ts';

const context: CheckContext = {
  env: { SMOKE_TOKEN: 's3cr3t-token', SHOP_HOST: 'shop.example.com', EMPTY: '', SHARD: '2', API_KEY: 'k-12345678' },
  baseUrl: 'https://shop.example.com/api/',
  timeoutMs: 10_000,
};

function checksOf(text: string, overrides: Partial<CheckContext> = {}): CheckSpec[] {
  const result = parseChecks(text, { ...context, ...overrides });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.checks;
}

/** The secrets and too-short variables the config derives from the checks. */
function secretsIn(text: string) {
  return secretsOf(checksOf(text).flatMap((check) => check.usedVariables));
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
        secretHeaders: [],
        timeoutMs: 10_000,
        samples: 1,
        followRedirects: true,
        expect: { status: { codes: [], classes: [2] }, json: [], bodyContains: [], headers: {} },
        usedVariables: [],
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
    const [check] = checksOf('- {name: a, url: "https://${SHOP_HOST}/healthz?x=1"}');
    expect(check.usedVariables).toEqual([]);
    expect(check.url).toBe('https://shop.example.com/healthz?x=1');
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
    const found = secretsIn(`- name: a
  url: /a
  headers: { Authorization: "Bearer \${SMOKE_TOKEN}", X-Empty: "\${EMPTY}" }
  body: { host: "\${SHOP_HOST}" }
`);
    expect(found).toEqual({ secrets: ['s3cr3t-token', 'shop.example.com'], unmaskedVariables: [] });
  });

  it('does not mask a value shorter than 4 characters, and names its variable to warn about', () => {
    expect(secretsIn('- name: a\n  url: /a\n  headers: { X-Shard: "${SHARD}", X-Key: "${API_KEY}" }\n')).toEqual({
      secrets: ['k-12345678'],
      unmaskedVariables: ['SHARD'],
    });
  });

  it('marks every header whose value came from a ${VAR}, after defaults and the check are merged', () => {
    const [fromDefaults, overridden, literal] = checksOf(`
defaults:
  headers: { Authorization: "Bearer \${SMOKE_TOKEN}", X-Shard: "\${SHARD}", X-Env: prod }
checks:
  - { name: a, url: /a }
  - { name: b, url: /b, headers: { authorization: "Basic public", x-env: "\${SHOP_HOST}" } }
  - { name: c, url: /c, headers: { X-Key: "k-\${API_KEY}" } }
`);
    expect(fromDefaults.secretHeaders).toEqual(['authorization', 'x-shard']);
    expect(overridden.secretHeaders).toEqual(['x-shard', 'x-env']);
    expect(literal.secretHeaders).toEqual(['authorization', 'x-shard', 'x-key']);
  });

  it('refuses an unset variable, naming it and where it is used', () => {
    expect(errorsOf('- name: a\n  url: /a\n  headers: { Authorization: "Bearer ${MISSING}" }\n')).toEqual([
      "check 'a', field headers.Authorization (line 3): ${MISSING} is not set in the environment",
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
      used: [
        { name: 'X', value: '1' },
        { name: 'Y_1', value: '2' },
      ],
    });
    expect(expandVariables('$X ${ X} ${{ x }}', {})).toEqual({ ok: true, text: '$X ${ X} ${{ x }}', used: [] });
    expect(expandVariables('${A}${A}${B}', { B: '' })).toEqual({
      ok: false,
      problem: '${A} is not set in the environment',
    });
  });

  it.each([
    'INPUT_TOKEN',
    'input_token',
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
  ])(
    'never expands ${%s}, even when it is set: the action’s inputs and the runner’s credentials are not for checks',
    (name) => {
      const expansion = expandVariables(`Bearer \${${name}}`, { [name]: 'ghs_secret-value' });
      expect(expansion).toEqual({
        ok: false,
        problem: `\${${name}} cannot be used: INPUT_* and ACTIONS_* variables are the action's own inputs and the runner's credentials. Pass the value in the step's env (env: { SMOKE_TOKEN: ... }) and write \${SMOKE_TOKEN}`,
      });
    },
  );

  it('does not find inherited properties as variables', () => {
    expect(expandVariables('${constructor}', {})).toEqual({
      ok: false,
      problem: '${constructor} is not set in the environment',
    });
    expect(redact('token abcd and abcdef', ['abcd', 'abcdef'])).toBe('token *** and ***');
    expect(redact('nothing', ['', 'zzzz'])).toBe('nothing');
  });

  it('redacts the JSON-escaped form of a secret too', () => {
    const secret = 'a"b\\c-1234';
    expect(redact(`raw ${secret} json ${JSON.stringify(secret)}`, [secret])).toBe('raw *** json "***"');
  });
});

describe('bad checks (each named by check, field and line)', () => {
  it('refuses a check timeout above 5m, naming the bound', () => {
    expect(errorsOf('- name: slow\n  url: /slow\n  timeout: 25d\n')).toEqual([
      `check 'slow', field timeout (line 3): was "25d", expected at most 5m`,
    ]);
  });

  it('refuses an unknown key such as a typo of expect, suggesting the key meant and listing the rest', () => {
    expect(errorsOf('- name: healthz\n  url: /healthz\n  expct:\n    status: 200\n')).toEqual([
      "check 'healthz' (line 3): unknown key 'expct' (did you mean 'expect'?); a check takes name, url, method, headers, body, timeout, samples, follow-redirects, expect",
    ]);
  });

  it('refuses an unknown key inside expect, and in defaults', () => {
    expect(errorsOf('- name: a\n  url: /a\n  expect:\n    json_path: x\n')).toEqual([
      "check 'a', field expect (line 4): unknown key 'json_path'; expect takes status, latency, json, body-contains, headers, tls-days",
    ]);
    expect(errorsOf('defaults:\n  retries: 3\nchecks:\n  - {name: a, url: /a}\n')).toEqual([
      "defaults (line 2): unknown key 'retries'; defaults take method, headers, body, timeout, samples, follow-redirects, expect",
    ]);
  });

  it.each([
    ['  sample: 3', "unknown key 'sample' (did you mean 'samples'?)"],
    ['  follow_redirects: false', "unknown key 'follow_redirects' (did you mean 'follow-redirects'?)"],
    ['  Headers: {a: b}', "unknown key 'Headers' (did you mean 'headers'?)"],
    ['  status: 200', "unknown key 'status' (it goes under expect)"],
    ['  expect: {tls_days: 3}', "unknown key 'tls_days' (did you mean 'tls-days'?); expect takes"],
    ['  expect: {timeout: 3s}', "unknown key 'timeout' (it belongs to the check, not under expect)"],
    [
      '  expct: {}\n  stauts: 200',
      "unknown keys 'expct' (did you mean 'expect'?), 'stauts' (did you mean 'status', under expect?)",
    ],
  ])('helps with the unknown key in %j', (line, message) => {
    expect(errorsOf(`- name: a\n  url: /a\n${line}\n`)[0]).toContain(message);
  });

  it('says that name and url do not go in defaults, and what the document takes', () => {
    expect(errorsOf('defaults:\n  url: /a\nchecks:\n  - {name: a, url: /a}\n')[0]).toBe(
      "defaults (line 2): unknown key 'url' (every check sets its own); defaults take method, headers, body, timeout, samples, follow-redirects, expect",
    );
    expect(errorsOf('{checks: [{name: a, url: /a}], defualts: {}}')[0]).toBe(
      "(line 1): unknown key 'defualts' (did you mean 'defaults'?); the document takes defaults, checks",
    );
  });

  it('refuses duplicate names', () => {
    expect(errorsOf('- {name: api, url: /a}\n- {name: web, url: /b}\n- {name: api, url: /c}\n')).toEqual([
      "check 'api', field name (line 3): duplicate name 'api': check 1 has it too; names must be unique",
    ]);
  });

  it('refuses a name with a comma, and a check with no name or url', () => {
    expect(errorsOf('- {name: "a,b", url: /a}')).toEqual([
      `check 'a,b', field name (line 1): was "a,b", expected a name without commas: failed-checks lists names separated by commas`,
    ]);
    expect(errorsOf('- {url: /a}')).toEqual(['check 1, field name (line 1): missing: every check needs a name']);
    expect(errorsOf('- {name: a}')).toEqual([
      "check 'a', field url (line 1): missing: every check needs a url: an absolute http(s) URL, or a path starting with / under base-url",
    ]);
    expect(errorsOf('- {name: [a], url: /a}')).toEqual([
      'check 1, field name (line 1): was ["a"], expected a name (text)',
    ]);
  });

  it('takes a number as a name', () => {
    expect(checksOf('- {name: 404, url: /missing, expect: {status: 404}}')[0].name).toBe('404');
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
    ['samples: 0', 'field samples (line 3): was 0, expected a whole number from 1 to 100'],
    ['samples: 2.5', 'field samples (line 3): was 2.5, expected a whole number from 1 to 100'],
    ['samples: "5"', 'field samples (line 3): was "5", expected a whole number from 1 to 100 (without quotes)'],
    ['samples: 101', 'field samples (line 3): was 101, expected a whole number from 1 to 100'],
    ['method: "GE T"', 'field method (line 3): was "GE T", expected an HTTP method such as GET or POST'],
    ['method: 1', 'field method (line 3): was 1, expected an HTTP method such as GET or POST'],
    ['follow-redirects: "no"', 'field follow-redirects (line 3): was "no", expected true or false'],
    [
      'follow-redirects: "false"',
      'field follow-redirects (line 3): was "false", expected true or false (without quotes)',
    ],
    ['follow-redirects:', 'field follow-redirects (line 3): was empty, expected true or false'],
    ['headers: {"Bad Header": x}', 'field headers.Bad Header (line 3): "Bad Header" is not a valid header name'],
    ['headers: {X-A: [1]}', 'field headers.X-A (line 3): was [1], expected text'],
    ['headers: [a]', 'field headers (line 3): was ["a"], expected a mapping of header names to values'],
    [
      'expect: {status: ok}',
      'field expect.status (line 3): expected a status code (200), a class ("2xx") or a list of them, got "ok"',
    ],
    ['expect: {tls-days: -1}', 'field expect.tls-days (line 3): was -1, expected a whole number of days, 0 or more'],
    [
      'expect: {tls-days: "14"}',
      'field expect.tls-days (line 3): was "14", expected a whole number of days, 0 or more (without quotes)',
    ],
    ['expect: {json: [{a: 1}]}', 'field expect.json[0] (line 3): was {"a":1}, expected a line like "$.status == ok"'],
    [
      'expect: {json: 3}',
      'field expect.json (line 3): was 3, expected a line like "$.status == ok", or a list of them',
    ],
    [
      'expect: {body-contains: {a: 1}}',
      'field expect.body-contains (line 3): was {"a":1}, expected a text, or a list of texts',
    ],
    ['expect: {headers: [json]}', 'field expect.headers (line 3): was ["json"], expected a mapping of header names'],
    ['expect: 200', 'field expect (line 3): was 200, expected a mapping of expectations'],
  ])('refuses %s', (line, message) => {
    const errors = errorsOf(`- name: a\n  url: /a\n  ${line}\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`check 'a', ${message}`);
  });

  it('refuses a check that is not a mapping', () => {
    expect(errorsOf('- healthz\n')).toEqual([
      'check 1 (line 1): was "healthz", expected a check: a mapping with name, url and optional fields',
    ]);
    expect(errorsOf('defaults: 5\nchecks: [{name: a, url: /a}]\n')[0]).toMatch(
      /^defaults \(line 1\): was 5, expected a mapping of check fields/,
    );
  });

  it.each([
    '- {name: a, url: /a, samples: 0}',
    '- {name: a, url: /a, samples: "3"}',
    '- {name: a, url: /a, samples: []}',
    '- {name: a, url: /a, follow-redirects: "no"}',
    '- {name: a, url: /a, follow-redirects: 1}',
    '- {name: a, url: /a, method: [GET]}',
    '- {name: a, url: /a, headers: 5}',
    '- {name: a, url: /a, headers: {a: {b: 1}}}',
    '- {name: a, url: /a, expect: []}',
    '- {name: a, url: /a, expect: {json: {a: 1}}}',
    '- {name: a, url: /a, expect: {json: [1]}}',
    '- {name: a, url: /a, expect: {body-contains: [[1]]}}',
    '- {name: a, url: /a, expect: {headers: 1}}',
    '- {name: a, url: /a, expect: {headers: {a: [1]}}}',
    '- {name: a, url: /a, expect: {tls-days: "14"}}',
    '- {name: a, url: /a, expect: {tls-days: 1.5}}',
    '- {name: a, url: /a, expect: {latency: [1]}}',
    '- {name: 5.5.5, url: 1}',
    '- {url: /a}',
    '- {name: a}',
    '- 7',
    '- null',
    'defaults: []\nchecks: [{name: a, url: /a}]',
    'checks: 3',
    '3',
  ])('never shows zod’s own wording: %s', (text) => {
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    for (const error of errors) {
      expect(error).not.toMatch(
        /Invalid input|received|Too (small|big)|expected (string|number|boolean|array|object|record)\b/,
      );
    }
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
