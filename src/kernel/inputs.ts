// Turns an action's raw string inputs (INPUT_* or CLI flags) into one typed config via zod, with
// one clear message per bad input naming the input, the value given (masked if secret) and what is allowed.
import type * as Yaml from 'yaml';
import { z } from 'zod';
import { DURATION_HINT, parseDuration } from './durations.ts';
import { UserError } from './errors.ts';

export type RawInputs = Record<string, string | undefined>;

/** The environment variable the runner sets for an input: spaces become `_`, hyphens stay. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Reads the named inputs the way `core.getInput` does (trimmed); `''` counts as not given. */
export function readInputsFromEnv(names: readonly string[], env: NodeJS.ProcessEnv = process.env): RawInputs {
  const raw: RawInputs = {};
  for (const name of names) {
    const value = env[inputEnvName(name)]?.trim();
    raw[name] = value === '' ? undefined : value;
  }
  return raw;
}

export interface ParseOptions {
  /** Inputs whose values must never be echoed (tokens, passwords). */
  secrets?: readonly string[];
}

/**
 * Parses raw inputs with a zod object schema whose keys are the action's input names.
 * Throws a UserError listing every bad input; nothing has happened yet when it does.
 */
export function parseInputs<Schema extends z.ZodType>(
  schema: Schema,
  raw: RawInputs,
  options: ParseOptions = {},
): z.output<Schema> {
  const normalised: RawInputs = {};
  for (const [name, value] of Object.entries(raw)) {
    const trimmed = value?.trim();
    normalised[name] = trimmed === '' ? undefined : trimmed;
  }
  const result = schema.safeParse(normalised);
  if (result.success) return result.data;
  const secrets = new Set(options.secrets ?? []);
  const lines = result.error.issues.map((issue) => describeIssue(issue, normalised, secrets));
  const unique = [...new Set(lines)];
  throw new UserError(unique.length === 1 ? unique[0] : `Invalid inputs:\n${unique.map((l) => `- ${l}`).join('\n')}`);
}

function describeIssue(issue: z.core.$ZodIssue, raw: RawInputs, secrets: Set<string>): string {
  const name = String(issue.path[0] ?? '');
  if (!name) return issue.message;
  const value = raw[name];
  if (value === undefined && issue.code === 'invalid_type') {
    return `Input '${name}' is required.`;
  }
  // Messages from YAML inputs already say where in the document the problem is; a rule across
  // inputs ("required when mode is open") has no value to show.
  if (value === undefined || (issue.code === 'custom' && issue.params?.yaml))
    return `Input '${name}': ${issue.message}`;
  return `Input '${name}' was "${secrets.has(name) ? '***' : clip(value)}": ${issue.message}`;
}

function clip(value: string): string {
  const oneLine = value.replace(/\s*\n\s*/g, '⏎');
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}

// ---------- field types shared by every action ----------

/** A duration with a unit, in milliseconds. */
export function duration() {
  return z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected ${DURATION_HINT}.` });
      return z.NEVER;
    }
    return ms;
  });
}

const TRUE_WORDS = ['true', 'True', 'TRUE'];
const FALSE_WORDS = ['false', 'False', 'FALSE'];

/** A boolean read the way `core.getBooleanInput` reads it (YAML 1.2 core schema words only). */
export function boolean() {
  return z.string().transform((text, ctx) => {
    if (TRUE_WORDS.includes(text)) return true;
    if (FALSE_WORDS.includes(text)) return false;
    ctx.addIssue({ code: 'custom', message: 'expected true or false.' });
    return z.NEVER;
  });
}

/** A whole number within bounds. */
export function integer(bounds: { min?: number; max?: number } = {}) {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = bounds;
  const range =
    bounds.min !== undefined && bounds.max !== undefined
      ? `from ${min} to ${max}`
      : bounds.min !== undefined
        ? `of at least ${min}`
        : `of at most ${max}`;
  return z.string().transform((text, ctx) => {
    const value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      ctx.addIssue({ code: 'custom', message: `expected a whole number ${range}.` });
      return z.NEVER;
    }
    return value;
  });
}

/** A list separated by newlines or commas; blanks dropped. */
export function list() {
  return z.string().transform((text) =>
    text
      .split(/[\n,]/)
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );
}

/** One of a fixed set of words, with aliases mapped to canonical values. */
export function oneOf<const Value extends string>(canonical: Record<string, Value>, allowed: string) {
  return z.string().transform((text, ctx) => {
    // Own keys only: `constructor` or `__proto__` must not find Object.prototype's members.
    const key = text.toLowerCase();
    const value = Object.hasOwn(canonical, key) ? canonical[key] : undefined;
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected ${allowed}.` });
      return z.NEVER;
    }
    return value;
  });
}

// ---------- YAML, loaded only when a run has some ----------

// The YAML library is an eighth of a bundle: compiling it is most of what a run without any YAML
// input would pay for it (the cold-start budget), so it is imported on demand, before validation.
let yamlLibrary: typeof Yaml | undefined;

/** Loads the YAML library; `parseYaml` and the `yaml()` inputs need it. */
export async function loadYaml(): Promise<void> {
  yamlLibrary ??= await import('yaml');
}

function yamlLib(): typeof Yaml {
  if (!yamlLibrary) throw new Error('internal: parseYaml was called before loadYaml() finished');
  return yamlLibrary;
}

const YAML_FIELDS = new WeakSet<z.ZodType>();

/** The names of an input schema's `yaml()` fields. */
export function yamlInputNames(schema: z.ZodType): string[] {
  const object = unwrap(schema);
  if (!(object instanceof z.ZodObject)) return [];
  return Object.entries(object.shape as Record<string, z.ZodType>)
    .filter(([, field]) => YAML_FIELDS.has(unwrap(field)))
    .map(([name]) => name);
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (YAML_FIELDS.has(current)) return current;
    const def = current._zod.def as { innerType?: z.ZodType; in?: z.ZodType };
    const inner = def.innerType ?? def.in;
    if (!inner) return current;
    current = inner;
  }
}

/** Loads the YAML library when one of the schema's YAML inputs has a value (or `alsoWhen` says so). */
export async function loadYamlFor(schema: z.ZodType, raw: RawInputs, alsoWhen = false): Promise<void> {
  if (alsoWhen || yamlInputNames(schema).some((name) => raw[name]?.trim())) await loadYaml();
}

/**
 * A YAML (or JSON) document validated by a schema. Errors name the path inside the document and
 * its line, e.g. `checks[2].expct (line 7): unknown key`. The bundle awaits `loadYamlFor` first. Pass a
 * function for a schema that is costly to build.
 */
export function yaml<Schema extends z.ZodType>(schema: Schema | (() => Schema)) {
  // A function is called when a document is actually given: a run without one never builds the schema.
  const build = typeof schema === 'function' ? schema : () => schema;
  const field = z.string().transform((text, ctx): z.output<Schema> => {
    const parsed = parseYaml(text, build());
    if (parsed.ok) return parsed.value;
    for (const message of parsed.errors) ctx.addIssue({ code: 'custom', message, params: { yaml: true } });
    return z.NEVER;
  });
  YAML_FIELDS.add(field);
  return field;
}

/** One problem in a YAML document: where it is (path and line) and what is wrong. */
export interface YamlIssue {
  /** Path inside the document (`['checks', 2, 'expect']`); empty for syntax errors. */
  path: PropertyKey[];
  /** 1-based line, when the problem has a place in the text. */
  line?: number;
  /** `syntax` (not YAML), `unknown-keys` (see `keys`), or `invalid` (the schema refused a value). */
  kind: 'syntax' | 'unknown-keys' | 'invalid';
  /** The unknown keys, for `unknown-keys`. */
  keys?: string[];
  /** What is wrong, without the place (`unknown key 'expct'`, `expected a number`). */
  message: string;
}

export type YamlResult<T> = { ok: true; value: T } | { ok: false; errors: string[]; issues: YamlIssue[] };

/** `checks[2].expect (line 7): unknown key 'expct'` */
export function formatYamlIssue(issue: YamlIssue): string {
  if (issue.kind === 'syntax')
    return `YAML syntax error${issue.line ? ` at line ${issue.line}` : ''}: ${issue.message}`;
  const path = formatPath(issue.path);
  const where = [path, issue.line ? `(line ${issue.line})` : ''].filter(Boolean).join(' ');
  return where ? `${where}: ${issue.message}` : issue.message;
}

function failed<T>(issues: YamlIssue[]): YamlResult<T> {
  return { ok: false, issues, errors: issues.map(formatYamlIssue) };
}

/** Aliases allowed in one document: enough for real files, far too few for a "billion laughs". */
const MAX_ALIAS_COUNT = 100;

/** The document as plain data, or undefined when it is not YAML (for best-effort hints next to real errors). */
export function readYamlLeniently(text: string): unknown {
  try {
    return yamlLib().parse(text);
  } catch {
    return undefined;
  }
}

/** Parses YAML text and validates it; every error carries the path and line it is about. */
export function parseYaml<Schema extends z.ZodType>(text: string, schema: Schema): YamlResult<z.output<Schema>> {
  const { isScalar, LineCounter, parseDocument, visit } = yamlLib();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return failed(
      document.errors.map((error) => ({
        path: [],
        kind: 'syntax' as const,
        line: error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line,
        message: error.message.split('\n')[0],
      })),
    );
  }
  // `__proto__` as a key would be dropped (or set a prototype) when the document becomes objects: a
  // header or setting the user wrote would silently vanish. Refuse it where it stands.
  const protoKeys: YamlIssue[] = [];
  visit(document, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.value !== '__proto__') return;
      const range = pair.key.range;
      protoKeys.push({
        path: [...dataPath([...ancestors, pair]), '__proto__'],
        kind: 'invalid',
        line: range ? lineCounter.linePos(range[0]).line : undefined,
        message: '"__proto__" cannot be a name here',
      });
    },
  });
  if (protoKeys.length > 0) return failed(protoKeys);
  let json: unknown;
  try {
    json = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml library refuses documents whose aliases expand past the limit (resource exhaustion).
    const message = error instanceof Error ? error.message : String(error);
    return failed([
      {
        path: [],
        kind: 'syntax',
        message: /alias/i.test(message)
          ? `too many aliases (more than ${MAX_ALIAS_COUNT} expansions): the document is refused as a resource exhaustion attack`
          : message,
      },
    ]);
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return failed(
    result.error.issues.map((issue): YamlIssue => {
      const unknown = issue.code === 'unrecognized_keys' && issue.keys.length > 0;
      // An unknown key is reported on the object; point at the key's own line instead.
      const keyPath = unknown ? [...issue.path, issue.keys[0]] : issue.path;
      return {
        path: [...issue.path],
        line: lineOf(document, lineCounter, keyPath),
        kind: unknown ? 'unknown-keys' : 'invalid',
        keys: unknown ? [...issue.keys] : undefined,
        message: describeYamlIssue(issue),
      };
    }),
  );
}

/** The data path (`[0].headers`) of the innermost node in a visitor's ancestor chain. */
function dataPath(chain: readonly unknown[]): PropertyKey[] {
  const { isPair, isScalar, isSeq } = yamlLib();
  const path: PropertyKey[] = [];
  for (let index = 0; index < chain.length - 1; index++) {
    const node = chain[index];
    const next = chain[index + 1];
    if (isSeq(node)) path.push(node.items.indexOf(next as never));
    else if (isPair(node) && next === node.value && isScalar(node.key)) path.push(String(node.key.value));
  }
  return path;
}

function describeYamlIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  }
  return issue.message;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function lineOf(
  document: Yaml.Document,
  lineCounter: Yaml.LineCounter,
  path: readonly PropertyKey[],
): number | undefined {
  const { isMap, isScalar } = yamlLib();
  // Walk back up the path until a node exists (an unknown or missing key has no node of its own).
  for (let depth = path.length; depth >= 0; depth--) {
    const parent = depth <= 1 ? document.contents : document.getIn(path.slice(0, depth - 1) as unknown[], true);
    // The key node of a mapping entry starts its line; the value may sit on the next one.
    const pair =
      isMap(parent) && depth > 0
        ? parent.items.find((item) => isScalar(item.key) && item.key.value === path[depth - 1])
        : undefined;
    const node =
      pair?.key ?? (depth === 0 ? document.contents : document.getIn(path.slice(0, depth) as unknown[], true));
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}
