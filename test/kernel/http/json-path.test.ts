// JSON expectations: every operator, every way a line can be malformed, and the failure wording.
import { describe, expect, it } from 'vitest';
import {
  deepEqual,
  evaluateJsonExpectation,
  type JsonExpectation,
  parseJsonExpectation,
  parseJsonPath,
  readJsonPath,
} from '../../../src/kernel/http/json-path.ts';

function parsed(line: string): JsonExpectation {
  const result = parseJsonExpectation(line);
  if (!result.ok) throw new Error(`expected ${line} to parse: ${result.error}`);
  return result.value;
}

function errorOf(line: string): string {
  const result = parseJsonExpectation(line);
  if (result.ok) throw new Error(`expected ${line} to be refused`);
  return result.error;
}

/** The failure for `line` against `document`, or undefined when it holds. */
const judge = (line: string, document: unknown) => evaluateJsonExpectation(parsed(line), document);

const health = {
  status: 'ok',
  integrity: { score: 0.91 },
  version: '1.4.2',
  build: 42,
  ready: true,
  maintenance: null,
  regions: [
    { name: 'eu', up: true },
    { name: 'us', up: false },
  ],
  tags: ['a', 'b'],
  'content-type': 'x',
};

describe('JSON paths', () => {
  it.each([
    ['$', []],
    ['$.status', ['status']],
    ['$.integrity.score', ['integrity', 'score']],
    ['$.regions[1].name', ['regions', 1, 'name']],
    ['$[0]', [0]],
    ['$[0][2]', [0, 2]],
    ['$.content-type', ['content-type']],
  ])('reads %s', (text, parts) => {
    expect(parseJsonPath(text)).toEqual({ ok: true, value: parts });
  });

  it.each(['status', '$.', '$..a', '$.a.', '$[x]', '$[-1]', '$[1', '$a', '.a', '$.a[0]b'])('refuses %s', (text) => {
    expect(parseJsonPath(text)).toEqual({ ok: false, error: expect.stringContaining(`"${text}" is not a path`) });
  });

  it('follows keys and indexes, and treats a key on an array or an index on an object as missing', () => {
    expect(readJsonPath(health, ['regions', 0, 'name'])).toEqual({ found: true, value: 'eu' });
    expect(readJsonPath(health, ['maintenance'])).toEqual({ found: true, value: null });
    expect(readJsonPath(health, [])).toEqual({ found: true, value: health });
    expect(readJsonPath(health, ['regions', 2])).toEqual({ found: false });
    expect(readJsonPath(health, ['regions', 'length'])).toEqual({ found: false });
    expect(readJsonPath(health, ['integrity', 0])).toEqual({ found: false });
    expect(readJsonPath(health, ['status', 'length'])).toEqual({ found: false });
    expect(readJsonPath(health, ['maintenance', 'until'])).toEqual({ found: false });
    expect(readJsonPath(health, ['toString'])).toEqual({ found: false });
  });
});

describe('parsing an expectation line', () => {
  it('reads values as JSON literals, and a bare word (or words) as a string', () => {
    expect(parsed('$.status == ok')).toMatchObject({ operator: '==', expected: 'ok', expectedText: 'ok' });
    expect(parsed('$.status == "ok"')).toMatchObject({ expected: 'ok', expectedText: '"ok"' });
    expect(parsed('$.build == 42')).toMatchObject({ expected: 42 });
    expect(parsed('$.ready == true')).toMatchObject({ expected: true });
    expect(parsed('$.maintenance == null')).toMatchObject({ expected: null });
    expect(parsed('$.tags == ["a","b"]')).toMatchObject({ expected: ['a', 'b'] });
    expect(parsed('$.version == 1.4.2')).toMatchObject({ expected: '1.4.2' });
    expect(parsed('$.message == all good here')).toMatchObject({ expected: 'all good here' });
    expect(parsed('  $.build   >=   -1.5  ')).toMatchObject({ operator: '>=', expected: -1.5, pathText: '$.build' });
  });

  it('reads exists and !exists without a value', () => {
    expect(parsed('$.version exists')).toEqual({ operator: 'exists', pathText: '$.version', path: ['version'] });
    expect(parsed('$.error !exists')).toEqual({ operator: '!exists', pathText: '$.error', path: ['error'] });
  });

  it('reads matches with a /regex/ and drops the flags that would make it stateful', () => {
    const expectation = parsed('$.version matches /^1\\.4\\./gi');
    expect(expectation).toMatchObject({ operator: 'matches', expectedText: '/^1\\.4\\./gi' });
    expect((expectation as { expected: RegExp }).expected.flags).toBe('i');
  });

  it.each([
    ['', 'empty JSON expectation'],
    ['   ', 'empty JSON expectation'],
    ['status == ok', '"status" is not a path'],
    ['$.status', 'has no operator'],
    ['$.status==ok', '"$.status==ok" has no operator'],
    ['$.status = ok', '"=" is not an operator; use one of == != < <= > >= exists !exists matches'],
    ['$.status is ok', '"is" is not an operator'],
    ['$.status ==', '== needs a value'],
    ['$.version exists yes', 'exists takes no value, got "yes"'],
    ['$.error !exists 1', '!exists takes no value'],
    ['$.score >= high', '>= compares numbers, got "high"'],
    ['$.score < "1"', '< compares numbers'],
    ['$.score > true', '> compares numbers'],
    ['$.version matches 1.4', 'matches needs a /regex/, got "1.4"'],
    ['$.version matches /(/', '/(/ is not a valid regex'],
    ['$.tags == [1, 2', 'value [1, 2 is not valid JSON'],
    ['$.obj == {"a": }', 'is not valid JSON'],
    ['$.name == "unterminated', 'is not valid JSON'],
  ])('refuses %j: %s', (line, message) => {
    expect(errorOf(line)).toContain(message);
  });
});

describe('judging a document', () => {
  it.each([
    ['$.status == ok'],
    ['$.build == 42'],
    ['$.ready == true'],
    ['$.maintenance == null'],
    ['$.tags == ["a","b"]'],
    ['$.regions[0] == {"up":true,"name":"eu"}'],
    ['$.status != degraded'],
    ['$.build != "42"'],
    ['$.integrity.score < 1'],
    ['$.integrity.score <= 0.91'],
    ['$.integrity.score > 0.9'],
    ['$.integrity.score >= 0.91'],
    ['$.version exists'],
    ['$.maintenance exists'],
    ['$.error !exists'],
    ['$.regions[5] !exists'],
    ['$.version matches /^1\\.4\\./'],
    ['$.build matches /^4/'],
    ['$.ready matches /true/'],
    ['$.status matches /OK/i'],
    ['$.content-type == x'],
  ])('%s holds', (line) => {
    expect(judge(line, health)).toBeUndefined();
  });

  it.each([
    ['$.integrity.score >= 0.95', '$.integrity.score was 0.91, expected >= 0.95'],
    ['$.integrity.score > 0.91', '$.integrity.score was 0.91, expected > 0.91'],
    ['$.integrity.score < 0.91', '$.integrity.score was 0.91, expected < 0.91'],
    ['$.integrity.score <= 0.5', '$.integrity.score was 0.91, expected <= 0.5'],
    ['$.status == degraded', '$.status was "ok", expected == degraded'],
    ['$.status != ok', '$.status was "ok", expected != ok'],
    ['$.build == "42"', '$.build was 42, expected == "42"'],
    ['$.tags == ["a"]', '$.tags was ["a","b"], expected == ["a"]'],
    ['$.version >= 1', '$.version was "1.4.2", expected >= 1'],
    ['$.integrity >= 1', '$.integrity was {"score":0.91}, expected >= 1'],
    ['$.version matches /^2\\./', '$.version was "1.4.2", expected matches /^2\\./'],
    [
      '$.regions matches /eu/',
      '$.regions was [{"name":"eu","up":true},{"name":"us","up":false}], expected matches /eu/',
    ],
    ['$.maintenance matches /null/', '$.maintenance was null, expected matches /null/'],
    ['$.version !exists', '$.version was "1.4.2", expected it not to exist'],
    ['$.uptime exists', '$.uptime is missing, expected it to exist'],
    ['$.uptime == 5', '$.uptime is missing, expected == 5'],
    ['$.uptime != 5', '$.uptime is missing, expected != 5'],
    ['$.regions[2].name == eu', '$.regions[2].name is missing, expected == eu'],
  ])('%s fails as "%s"', (line, failure) => {
    expect(judge(line, health)).toBe(failure);
  });

  it('clips a long actual value so a failure stays one readable line', () => {
    const failure = judge('$.blob == short', { blob: 'x'.repeat(500) });
    expect(failure).toBe(`$.blob was "${'x'.repeat(78)}…, expected == short`);
    expect(failure?.length).toBeLessThan(120);
  });

  it('redacts secrets from the value before clipping it', () => {
    const secret = 'smk_9f8e7d6c5b4a3210';
    const failure = evaluateJsonExpectation(parsed('$.blob == short'), { blob: `${'x'.repeat(70)}${secret}` }, [
      secret,
    ]);
    expect(failure).toBe(`$.blob was "${'x'.repeat(70)}***", expected == short`);
    expect(evaluateJsonExpectation(parsed('$.blob !exists'), { blob: { a: `"${secret}"` } }, [`"${secret}"`])).toBe(
      '$.blob was {"a":"***"}, expected it not to exist',
    );
  });

  it('judges the same regex the same way on every sample', () => {
    const expectation = parsed('$.status matches /ok/g');
    expect(evaluateJsonExpectation(expectation, health)).toBeUndefined();
    expect(evaluateJsonExpectation(expectation, health)).toBeUndefined();
  });

  it('judges against a top-level array or scalar', () => {
    expect(judge('$[1] == 2', [1, 2])).toBeUndefined();
    expect(judge('$ == 7', 7)).toBeUndefined();
    expect(judge('$.a exists', [1])).toBe('$.a is missing, expected it to exist');
  });
});

describe('deepEqual', () => {
  it('compares JSON values structurally, ignoring key order', () => {
    expect(deepEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual(1, '1')).toBe(false);
  });
});

describe('numbers that are no measurement', () => {
  it('fails every ordering for Infinity (JSON.parse reads 1e999 so) and NaN', () => {
    const document = JSON.parse('{"score": 1e999, "low": -1e999}');
    expect(judge('$.score >= 0.95', document)).toBe('$.score was Infinity, expected >= 0.95');
    expect(judge('$.low <= 10', document)).toBe('$.low was -Infinity, expected <= 10');
    expect(judge('$.score > 0', { score: Number.NaN })).toBe('$.score was NaN, expected > 0');
    expect(judge('$.score >= 0.95', { score: 0.99 })).toBeUndefined();
  });
});
