import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatDuration, parseDuration } from '../../src/kernel/durations.ts';
import { UserError } from '../../src/kernel/errors.ts';
import {
  boolean,
  duration,
  integer,
  list,
  oneOf,
  parseInputs,
  parseYaml,
  readInputsFromEnv,
  yaml,
} from '../../src/kernel/inputs.ts';

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['0', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['10', '', 'ten seconds', '5 s', '5x', 's', '-5s'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('formats for people', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(200_000)).toBe('3m 20s');
    expect(formatDuration(7_500_000)).toBe('2h 5m');
    expect(formatDuration(273_600_000)).toBe('3d 4h');
  });
});

describe('readInputsFromEnv', () => {
  it('reads INPUT_ names with hyphens kept and spaces as underscores, and treats empty as absent', () => {
    const raw = readInputsFromEnv(['wait-timeout', 'my input', 'empty', 'missing'], {
      'INPUT_WAIT-TIMEOUT': ' 5s ',
      INPUT_MY_INPUT: 'x',
      INPUT_EMPTY: '',
    });
    expect(raw).toEqual({ 'wait-timeout': '5s', 'my input': 'x', empty: undefined, missing: undefined });
  });
});

describe('parseInputs', () => {
  const schema = z.object({
    timeout: duration().default(10_000),
    verbose: boolean().default(false),
    retries: integer({ min: 0, max: 10 }).default(2),
    paths: list().default([]),
    severity: oneOf(
      { sev1: 'sev1', p0: 'sev1', critical: 'sev1', sev2: 'sev2' },
      'sev1, sev2 (or p0, critical)',
    ).default('sev2'),
    token: z.string(),
  });

  it('applies defaults for absent inputs and parses the given ones', () => {
    const config = parseInputs(schema, {
      token: 't',
      timeout: '90s',
      verbose: 'TRUE',
      paths: 'a\nb, c',
      severity: 'P0',
    });
    expect(config).toEqual({
      token: 't',
      timeout: 90_000,
      verbose: true,
      retries: 2,
      paths: ['a', 'b', 'c'],
      severity: 'sev1',
    });
  });

  it('treats an empty string as absent, so the default applies', () => {
    expect(parseInputs(schema, { token: 't', retries: '' }).retries).toBe(2);
  });

  it('reads booleans the way core.getBooleanInput does', () => {
    expect(parseInputs(schema, { token: 't', verbose: 'False' }).verbose).toBe(false);
    expect(errorOf(() => parseInputs(schema, { token: 't', verbose: 'yes' }))).toBe(
      `Input 'verbose' was "yes": expected true or false.`,
    );
  });

  it('names the input, the value and what is allowed, once per bad input', () => {
    const message = errorOf(() => parseInputs(schema, { token: 't', timeout: '10', retries: '11' }));
    expect(message).toContain(`Input 'timeout' was "10": expected a number with a unit: 500ms, 90s, 15m, 24h or 7d.`);
    expect(message).toContain(`Input 'retries' was "11": expected a whole number from 0 to 10.`);
  });

  it('says a required input is missing', () => {
    expect(errorOf(() => parseInputs(schema, {}))).toBe(`Input 'token' is required.`);
  });

  it('masks the value of a secret input', () => {
    const secretSchema = z.object({ token: z.string().regex(/^gh[ps]_/, 'expected a GitHub token') });
    const message = errorOf(() => parseInputs(secretSchema, { token: 'hunter2-secret' }, { secrets: ['token'] }));
    expect(message).toBe(`Input 'token' was "***": expected a GitHub token`);
    expect(message).not.toContain('hunter2');
  });
});

describe('YAML inputs', () => {
  const item = z.strictObject({ name: z.string(), count: z.number().optional() });
  const schema = z.object({ items: yaml(z.array(item)) });

  it('parses a valid document', () => {
    expect(parseInputs(schema, { items: '- name: a\n  count: 2\n- name: b' }).items).toEqual([
      { name: 'a', count: 2 },
      { name: 'b' },
    ]);
  });

  it('reports an unknown key with its path and line', () => {
    const message = errorOf(() => parseInputs(schema, { items: '- name: a\n- name: b\n  cuont: 3' }));
    expect(message).toBe(`Input 'items': [1] (line 3): unknown key 'cuont'`);
  });

  it('reports a wrong type with its line', () => {
    const result = parseYaml('- name: a\n- name: b\n  count:\n    many', z.array(item));
    expect(result).toEqual({
      ok: false,
      errors: ['[1].count (line 3): Invalid input: expected number, received string'],
      issues: [
        {
          path: [1, 'count'],
          line: 3,
          kind: 'invalid',
          keys: undefined,
          message: 'Invalid input: expected number, received string',
        },
      ],
    });
  });

  it('refuses a YAML alias bomb as a user error naming the input', () => {
    const lol = '["lol","lol","lol","lol","lol","lol","lol","lol","lol"]';
    const bomb = [
      `a: &a ${lol}`,
      ...'bcdef'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdef'[i]}`).join(',')}]`),
    ].join('\n');
    const message = errorOf(() => parseInputs(schema, { items: bomb }));
    expect(message).toBe(
      "Input 'items': YAML syntax error: too many aliases (more than 100 expansions): the document is refused as a resource exhaustion attack",
    );
  });

  it('refuses a __proto__ key with its line instead of dropping it', () => {
    const message = errorOf(() => parseInputs(schema, { items: '- name: a\n  __proto__: {polluted: 1}\n' }));
    expect(message).toBe(`Input 'items': [0].__proto__ (line 2): "__proto__" cannot be a name here`);
  });

  it('refuses tab indentation with its line', () => {
    const message = errorOf(() => parseInputs(schema, { items: 'a:\n\tb: 1\n' }));
    expect(message).toBe("Input 'items': YAML syntax error at line 2: Tabs are not allowed as indentation");
  });

  it('looks words up as own keys: __proto__ and constructor are not choices', () => {
    const choice = z.object({ mode: oneOf({ open: 'open', resolve: 'resolve' }, 'open or resolve') });
    expect(errorOf(() => parseInputs(choice, { mode: 'constructor' }))).toBe(
      `Input 'mode' was "constructor": expected open or resolve.`,
    );
    expect(errorOf(() => parseInputs(choice, { mode: '__proto__' }))).toBe(
      `Input 'mode' was "__proto__": expected open or resolve.`,
    );
  });

  it('reports malformed YAML with its line', () => {
    const message = errorOf(() => parseInputs(schema, { items: '- name: a\n- name: [b\n' }));
    expect(message).toMatch(/^Input 'items': YAML syntax error at line \d+/);
  });
});
