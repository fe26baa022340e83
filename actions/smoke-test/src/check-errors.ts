// Problems in a checks document in the words people use: the check by its name, the field, the line,
// and for an unknown key what was probably meant and what the mapping takes. Built from the kernel's
// structured YAML issues (path, line, kind, keys), never by rewriting its messages.
import { formatPath, formatYamlIssue, type YamlIssue } from '../../../src/kernel/inputs.ts';

interface AllowedKeys {
  check: string[];
  defaults: string[];
  expect: string[];
  document: string[];
}

type Mapping = keyof AllowedKeys;

/** Where an issue is: which check (by index) and which field inside it, when it is inside a check. */
function locate(path: readonly PropertyKey[]): { index?: number; field: PropertyKey[] } {
  if (typeof path[0] === 'number') return { index: path[0], field: path.slice(1) };
  if (path[0] === 'checks' && typeof path[1] === 'number') return { index: path[1], field: path.slice(2) };
  return { field: [...path] };
}

/** The kind of mapping an unknown key was found in. */
function mappingAt(path: readonly PropertyKey[]): Mapping {
  if (path.at(-1) === 'expect') return 'expect';
  if (path.length === 1 && path[0] === 'defaults') return 'defaults';
  if (locate(path).index !== undefined && locate(path).field.length === 0) return 'check';
  return 'document';
}

const TAKES: Record<Mapping, string> = {
  check: 'a check takes',
  defaults: 'defaults take',
  expect: 'expect takes',
  document: 'the document takes',
};

/**
 * `check 'healthz', field expect.json[0] (line 9): cannot read ...`, or for an unknown key
 * `check 'healthz' (line 5): unknown key 'expct' (did you mean 'expect'?); a check takes name, url, ...`.
 */
export function describeCheckIssue(
  issue: YamlIssue,
  names: ReadonlyArray<string | undefined>,
  allowed: AllowedKeys,
): string {
  if (issue.kind === 'syntax') return formatYamlIssue(issue);
  const message = issue.kind === 'unknown-keys' ? explainUnknownKeys(issue, allowed) : issue.message;
  const { index, field } = locate(issue.path);
  if (index === undefined) return formatYamlIssue({ ...issue, message });
  const name = names[index];
  const check = name === undefined ? `check ${index + 1}` : `check '${name}'`;
  const fieldName = formatPath(field);
  const line = issue.line ? ` (line ${issue.line})` : '';
  return `${check}${fieldName ? `, field ${fieldName}` : ''}${line}: ${message}`;
}

/** `unknown key 'expct' (did you mean 'expect'?); a check takes name, url, ...` */
function explainUnknownKeys(issue: YamlIssue, allowed: AllowedKeys): string {
  const kind = mappingAt(issue.path);
  const keys = issue.keys ?? [];
  const described = keys.map((key) => {
    const hint = hintFor(key, kind, allowed);
    return hint ? `'${key}' (${hint})` : `'${key}'`;
  });
  return `unknown key${keys.length > 1 ? 's' : ''} ${described.join(', ')}; ${TAKES[kind]} ${allowed[kind].join(', ')}`;
}

function hintFor(key: string, kind: Mapping, allowed: AllowedKeys): string | undefined {
  if (kind !== 'expect' && allowed.expect.includes(key) && !allowed[kind].includes(key)) return 'it goes under expect';
  if (kind === 'expect' && allowed.check.includes(key)) return 'it belongs to the check, not under expect';
  if (kind === 'defaults' && allowed.check.includes(key)) return 'every check sets its own';
  const closest = closestKey(key, allowed[kind]);
  if (closest) return `did you mean '${closest}'?`;
  const misplaced = kind === 'expect' ? undefined : closestKey(key, allowed.expect);
  return misplaced ? `did you mean '${misplaced}', under expect?` : undefined;
}

/** The allowed key a typo most likely meant: at most a third of its letters (and at least one) off. */
function closestKey(key: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(key.length / 3)) ? best.candidate : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
