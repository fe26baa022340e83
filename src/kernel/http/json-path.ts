// JSON expectations (`$.integrity.score >= 0.95`): parsing a line into a typed expectation, and
// judging a parsed response body against it with a failure that reads like the line itself.
import { redact } from '../secrets.ts';
import { clip } from '../text.ts';

export type PathPart = string | number;

export const JSON_OPERATORS = ['==', '!=', '<', '<=', '>', '>=', 'exists', '!exists', 'matches'] as const;
export type JsonOperator = (typeof JSON_OPERATORS)[number];

export type JsonExpectation =
  | { operator: 'exists'; pathText: string; path: PathPart[] }
  | { operator: '!exists'; pathText: string; path: PathPart[] }
  | { operator: '==' | '!='; pathText: string; path: PathPart[]; expected: unknown; expectedText: string }
  | { operator: '<' | '<=' | '>' | '>='; pathText: string; path: PathPart[]; expected: number; expectedText: string }
  | { operator: 'matches'; pathText: string; path: PathPart[]; expected: RegExp; expectedText: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const SYNTAX = 'write PATH OP VALUE, e.g. "$.status == ok"';

/** Parses `PATH OP VALUE`; every way a line can be wrong gets its own message. */
export function parseJsonExpectation(line: string): Parsed<JsonExpectation> {
  const match = /^(\S+)(?:\s+(\S+)(?:\s+(.+))?)?$/s.exec(line.trim());
  if (!match) return { ok: false, error: `empty JSON expectation: ${SYNTAX}` };
  const [, pathText, operatorText, valueText] = match;
  const path = parseJsonPath(pathText);
  if (!path.ok) return path;
  if (operatorText === undefined) return { ok: false, error: `"${line.trim()}" has no operator: ${SYNTAX}` };
  if (!(JSON_OPERATORS as readonly string[]).includes(operatorText)) {
    return { ok: false, error: `"${operatorText}" is not an operator; use one of ${JSON_OPERATORS.join(' ')}` };
  }
  const operator = operatorText as JsonOperator;
  const base = { pathText, path: path.value };
  if (operator === 'exists' || operator === '!exists') {
    if (valueText !== undefined) return { ok: false, error: `${operator} takes no value, got "${valueText}"` };
    return { ok: true, value: { ...base, operator } };
  }
  if (valueText === undefined)
    return { ok: false, error: `${operator} needs a value: "${pathText} ${operator} VALUE"` };
  const expectedText = valueText.trim();
  if (operator === 'matches') {
    const regex = parseRegex(expectedText);
    if (!regex.ok) return regex;
    return { ok: true, value: { ...base, operator, expected: regex.value, expectedText } };
  }
  const expected = parseValue(expectedText);
  if (!expected.ok) return expected;
  if (operator === '==' || operator === '!=') {
    return { ok: true, value: { ...base, operator, expected: expected.value, expectedText } };
  }
  if (typeof expected.value !== 'number') {
    return { ok: false, error: `${operator} compares numbers, got "${expectedText}"` };
  }
  return { ok: true, value: { ...base, operator, expected: expected.value, expectedText } };
}

/** `$` followed by `.key` and `[index]` parts. */
export function parseJsonPath(text: string): Parsed<PathPart[]> {
  const invalid = {
    ok: false as const,
    error: `"${text}" is not a path: write $ followed by .key and [index] parts, e.g. $.items[0].id`,
  };
  if (!text.startsWith('$')) return invalid;
  const part = /\.([^.[\]\s]+)|\[(\d+)\]/y;
  const parts: PathPart[] = [];
  let index = 1;
  while (index < text.length) {
    part.lastIndex = index;
    const found = part.exec(text);
    if (!found) return invalid;
    parts.push(found[1] !== undefined ? found[1] : Number(found[2]));
    index = part.lastIndex;
  }
  return { ok: true, value: parts };
}

/** A JSON literal; a bare word (or several) is a string, but text that starts like JSON must be JSON. */
function parseValue(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    if (/^[[{"]/.test(text)) {
      return { ok: false, error: `value ${text} is not valid JSON (${(error as Error).message})` };
    }
    return { ok: true, value: text };
  }
}

function parseRegex(text: string): Parsed<RegExp> {
  const match = /^\/(.*)\/([a-z]*)$/s.exec(text);
  if (!match) return { ok: false, error: `matches needs a /regex/, got "${text}"` };
  try {
    // g and y make test() stateful across samples; the expectation means "somewhere in the value".
    return { ok: true, value: new RegExp(match[1], match[2].replace(/[gy]/g, '')) };
  } catch (error) {
    return { ok: false, error: `${text} is not a valid regex: ${(error as Error).message}` };
  }
}

export type Lookup = { found: true; value: unknown } | { found: false };

/** Follows a path through parsed JSON; a key on an array or an index on an object is simply not found. */
export function readJsonPath(document: unknown, path: readonly PathPart[]): Lookup {
  let current: unknown = document;
  for (const part of path) {
    if (typeof part === 'number') {
      if (!Array.isArray(current) || part >= current.length) return { found: false };
      current = current[part];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return { found: false };
      if (!Object.hasOwn(current, part)) return { found: false };
      current = (current as Record<string, unknown>)[part];
    }
  }
  return { found: true, value: current };
}

/**
 * Judges one expectation; returns the failure in the check's own words, or undefined when it holds.
 * A value quoted in the failure has every secret redacted before it is clipped.
 */
export function evaluateJsonExpectation(
  expectation: JsonExpectation,
  document: unknown,
  secrets: readonly string[] = [],
): string | undefined {
  const lookup = readJsonPath(document, expectation.path);
  const { pathText } = expectation;
  if (expectation.operator === 'exists') {
    return lookup.found ? undefined : `${pathText} is missing, expected it to exist`;
  }
  if (expectation.operator === '!exists') {
    return lookup.found ? `${pathText} was ${render(lookup.value, secrets)}, expected it not to exist` : undefined;
  }
  const wanted = `expected ${expectation.operator} ${expectation.expectedText}`;
  if (!lookup.found) return `${pathText} is missing, ${wanted}`;
  const actual = lookup.value;
  if (holds(expectation, actual)) return undefined;
  return `${pathText} was ${render(actual, secrets)}, ${wanted}`;
}

function holds(expectation: Exclude<JsonExpectation, { operator: 'exists' | '!exists' }>, actual: unknown): boolean {
  switch (expectation.operator) {
    case '==':
      return deepEqual(actual, expectation.expected);
    case '!=':
      return !deepEqual(actual, expectation.expected);
    case 'matches':
      return (
        (typeof actual === 'string' || typeof actual === 'number' || typeof actual === 'boolean') &&
        expectation.expected.test(String(actual))
      );
    default: {
      // JSON.parse reads 1e999 as Infinity: a number, but no measurement (it would pass any minimum).
      if (typeof actual !== 'number' || !Number.isFinite(actual)) return false;
      const expected = expectation.expected;
      if (expectation.operator === '<') return actual < expected;
      if (expectation.operator === '<=') return actual <= expected;
      if (expectation.operator === '>') return actual > expected;
      return actual >= expected;
    }
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every(
      (key) =>
        Object.hasOwn(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    )
  );
}

/**
 * A value as JSON, clipped: enough to see what was there without pasting a whole document into a
 * message. Secrets go first (raw and JSON-escaped): clipping first could leave half of one behind.
 */
export function render(value: unknown, secrets: readonly string[] = []): string {
  // JSON.stringify writes Infinity and NaN as null, which would hide what was there.
  const text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
  return clip(redact(text ?? String(value), secrets), QUOTED_VALUE_CHARS);
}

/** How much of a value a failure quotes. */
export const QUOTED_VALUE_CHARS = 80;
