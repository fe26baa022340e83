// The checks document (a list of checks, or `{defaults, checks}`) read from YAML into resolved,
// typed checks: URLs joined to base-url, `${VAR}` expanded, expectations parsed, every problem
// named by check, field and line before any request is sent.
import { parse } from 'yaml';
import { z } from 'zod';
import { DURATION_HINT, parseDuration } from '../../../src/kernel/durations.ts';
import { DEFAULT_STATUS, parseStatusExpectation, type StatusExpectation } from '../../../src/kernel/http/exchange.ts';
import { type JsonExpectation, parseJsonExpectation } from '../../../src/kernel/http/json-path.ts';
import { parseYaml } from '../../../src/kernel/inputs.ts';
import type { Expectations, LatencyExpectation } from './expectations.ts';
import { expandVariables, hasVariables, MIN_SECRET_LENGTH } from './variables.ts';

export interface CheckSpec {
  name: string;
  /** Absolute http(s) URL, variables expanded. */
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Lower-case names of the headers whose value came from a `${VAR}`: never sent to another origin. */
  secretHeaders: string[];
  body?: string;
  timeoutMs: number;
  samples: number;
  followRedirects: boolean;
  expect: Expectations;
}

export interface CheckContext {
  env: Readonly<Record<string, string | undefined>>;
  /** The `base-url` input, for URLs that start with `/`. */
  baseUrl?: string;
  /** The `timeout` input, for checks that set none. */
  timeoutMs: number;
}

export interface ParsedChecks {
  checks: CheckSpec[];
  /** Values expanded into headers and bodies: masked in the log and redacted from every report. */
  secrets: string[];
  /** Variables expanded into headers or bodies whose value is too short to mask (see MIN_SECRET_LENGTH). */
  unmaskedVariables: string[];
}

export type ChecksResult = { ok: true; value: ParsedChecks } | { ok: false; errors: string[] };

const USER_AGENT = 'shipshape-smoke-test';
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses and resolves a checks document; errors name the check, the field and the line. */
export function parseChecks(text: string, context: CheckContext): ChecksResult {
  const secrets = new Set<string>();
  const unmasked = new Set<string>();
  const fields = fieldSchemas(context, { secrets, unmasked });
  const shape = peekShape(text);
  const schema =
    shape.kind === 'list'
      ? z
          .array(fields.check, { error: 'expected a list of checks' })
          .min(1, 'no checks: give at least one')
          .transform((checks, ctx) => resolve(checks, undefined, [], context, ctx))
      : z
          .strictObject(
            {
              defaults: fields.defaults.optional(),
              checks: z
                .array(fields.check, { error: 'expected a list of checks' })
                .min(1, 'no checks: give at least one'),
            },
            { error: 'expected a list of checks, or a mapping with defaults and checks' },
          )
          .transform((document, ctx) => resolve(document.checks, document.defaults, ['checks'], context, ctx));
  const parsed = parseYaml(text, schema);
  if (!parsed.ok) {
    const keys: AllowedKeys = {
      check: Object.keys(fields.check.shape),
      defaults: Object.keys(fields.defaults.shape),
      expect: Object.keys(fields.expect.shape),
      document: ['defaults', 'checks'],
    };
    return {
      ok: false,
      errors: parsed.errors.map((error) => nameTheCheck(explainUnknownKeys(error, keys), shape.names)),
    };
  }
  return {
    ok: true,
    value: { checks: parsed.value, secrets: [...secrets], unmaskedVariables: [...unmasked] },
  };
}

// ---------- field schemas ----------

type RawCheck = z.output<ReturnType<typeof fieldSchemas>['check']>;
type RawDefaults = z.output<ReturnType<typeof fieldSchemas>['defaults']>;
type RawExpect = NonNullable<RawCheck['expect']>;

interface Collected {
  secrets: Set<string>;
  /** Names of variables whose value is too short to mask. */
  unmasked: Set<string>;
}

function fieldSchemas(context: CheckContext, collected: Collected) {
  /** Expands `${VAR}`; values that end up in headers or bodies are secrets (unless too short to mask). */
  const expanded = (text: string, ctx: z.core.$RefinementCtx, secret: boolean): string | typeof z.NEVER => {
    const expansion = expandVariables(text, context.env);
    if (!expansion.ok) {
      const names = expansion.missing.map((name) => `\${${name}}`).join(', ');
      ctx.addIssue({
        code: 'custom',
        message: `${names} ${expansion.missing.length > 1 ? 'are' : 'is'} not set in the environment`,
      });
      return z.NEVER;
    }
    if (secret) {
      for (const { name, value } of expansion.used) {
        if (value.length >= MIN_SECRET_LENGTH) collected.secrets.add(value);
        else if (value !== '') collected.unmasked.add(name);
      }
    }
    return expansion.text;
  };

  const duration = z
    .unknown()
    .transform((value, ctx) => readDuration(value, ctx))
    .optional();

  const wholeNumber = (min: number, max: number, allowed: string) =>
    z.unknown().transform((value, ctx) => {
      if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
      const quoted = typeof value === 'string' && /^\d+$/.test(value.trim()) ? ' (without quotes)' : '';
      return refuse(ctx, value, `${allowed}${quoted}`);
    });

  const flag = z.unknown().transform((value, ctx) => {
    if (typeof value === 'boolean') return value;
    const quoted = typeof value === 'string' && /^(true|false)$/i.test(value.trim()) ? ' (without quotes)' : '';
    return refuse(ctx, value, `true or false${quoted}`);
  });

  /** A mapping of names to text values, each value refused on its own. */
  const textMapping = (allowed: string) =>
    z.unknown().transform((value, ctx) => {
      if (!isMapping(value)) return refuse(ctx, value, allowed);
      const out: Record<string, string> = {};
      let failed = false;
      for (const [name, item] of Object.entries(value)) {
        if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') out[name] = String(item);
        else {
          refuse(ctx, item, 'text', [name]);
          failed = true;
        }
      }
      return failed ? z.NEVER : out;
    });

  /** One text or a list of texts. */
  const textList = (allowed: string) =>
    z.unknown().transform((value, ctx) => {
      const items = Array.isArray(value) ? value : [value];
      if (items.every((item) => typeof item === 'string' || typeof item === 'number')) return items.map(String);
      return refuse(ctx, value, allowed);
    });

  const requestHeaders = textMapping('a mapping of header names to values').transform((headers, ctx) => {
    const values: Record<string, string> = {};
    const secret: string[] = [];
    for (const [name, value] of Object.entries(headers)) {
      if (!HEADER_NAME.test(name)) {
        ctx.addIssue({ code: 'custom', message: `"${name}" is not a valid header name`, path: [name] });
        continue;
      }
      const text = expanded(value, ctx, true);
      if (text === z.NEVER) continue;
      // The value is not echoed: it may carry a secret.
      if (/[\r\n\0]/.test(text)) ctx.addIssue({ code: 'custom', message: 'contains a line break', path: [name] });
      else values[name] = text;
      if (hasVariables(value)) secret.push(name.toLowerCase());
    }
    return { values, secret };
  });

  const body = z.unknown().transform((value, ctx) => {
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'string') {
      const text = expanded(value, ctx, true);
      return text === z.NEVER ? z.NEVER : { text, json: false };
    }
    let failed = false;
    const expandLeaves = (node: unknown): unknown => {
      if (typeof node === 'string') {
        const text = expanded(node, ctx, true);
        if (text === z.NEVER) failed = true;
        return text;
      }
      if (Array.isArray(node)) return node.map(expandLeaves);
      if (node !== null && typeof node === 'object') {
        return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, expandLeaves(item)]));
      }
      return node;
    };
    const document = expandLeaves(value);
    return failed ? z.NEVER : { text: JSON.stringify(document), json: true };
  });

  const status = z.unknown().transform((value, ctx): StatusExpectation => {
    const parsed = parseStatusExpectation(value);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  });

  // `latency: 100ms` (every sample) or `{ p95: 100ms, max: 300ms }`; each shape gets its own message.
  const latency = z.unknown().transform((value, ctx): LatencyExpectation => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const everyMs = readDuration(value, ctx);
      return everyMs === z.NEVER ? z.NEVER : { everyMs };
    }
    const limits = value as Record<string, unknown>;
    const unknown = Object.keys(limits).filter((key) => key !== 'p95' && key !== 'max');
    if (unknown.length > 0 || Object.keys(limits).length === 0) {
      const found = unknown.length > 0 ? `unknown key ${unknown.map((key) => `'${key}'`).join(', ')}: ` : '';
      ctx.addIssue({ code: 'custom', message: `${found}latency takes a duration, or p95 and/or max` });
      return z.NEVER;
    }
    const p95Ms = limits.p95 === undefined ? undefined : readDuration(limits.p95, ctx, ['p95']);
    const maxMs = limits.max === undefined ? undefined : readDuration(limits.max, ctx, ['max']);
    if (p95Ms === z.NEVER || maxMs === z.NEVER) return z.NEVER;
    return { p95Ms, maxMs };
  });

  const jsonLines = z.unknown().transform((value, ctx): JsonExpectation[] | typeof z.NEVER => {
    const lines = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(lines)) return refuse(ctx, value, 'a line like "$.status == ok", or a list of them');
    const out: JsonExpectation[] = [];
    lines.forEach((line, index) => {
      if (typeof line !== 'string') {
        refuse(ctx, line, 'a line like "$.status == ok"', typeof value === 'string' ? [] : [index]);
        return;
      }
      const parsed = parseJsonExpectation(line);
      if (parsed.ok) out.push(parsed.value);
      else {
        const path = typeof value === 'string' ? [] : [index];
        ctx.addIssue({ code: 'custom', message: `cannot read "${line}": ${parsed.error}`, path });
      }
    });
    return out.length === lines.length ? out : z.NEVER;
  });

  const mappingOf = <Shape extends z.core.$ZodLooseShape>(shape: Shape, allowed: string) =>
    z.strictObject(shape, {
      error: (issue) => (issue.code === 'invalid_type' ? `was ${shown(issue.input)}, expected ${allowed}` : undefined),
    });

  const expect = mappingOf(
    {
      status: status.optional(),
      latency: latency.optional(),
      json: jsonLines.optional(),
      'body-contains': textList('a text, or a list of texts').optional(),
      headers: textMapping('a mapping of header names to the text each must contain').optional(),
      'tls-days': wholeNumber(0, Number.MAX_SAFE_INTEGER, 'a whole number of days, 0 or more').optional(),
    },
    'a mapping of expectations (status, latency, json, body-contains, headers, tls-days)',
  );

  const common = {
    method: z
      .unknown()
      .transform((value, ctx) =>
        typeof value === 'string' && HEADER_NAME.test(value)
          ? value.toUpperCase()
          : refuse(ctx, value, 'an HTTP method such as GET or POST'),
      )
      .optional(),
    headers: requestHeaders.optional(),
    body: body.optional(),
    timeout: duration.refine((ms) => ms === undefined || ms > 0, 'a timeout must be more than 0'),
    samples: wholeNumber(1, 100, 'a whole number from 1 to 100').optional(),
    'follow-redirects': flag.optional(),
    expect: expect.optional(),
  };

  const check = mappingOf(
    {
      name: z.unknown().transform((value, ctx) => {
        if (value === undefined) return missing(ctx, 'every check needs a name');
        if (typeof value !== 'string' && typeof value !== 'number') return refuse(ctx, value, 'a name (text)');
        const name = String(value).trim();
        if (name === '') return refuse(ctx, value, 'a name (text)');
        if (name.includes(','))
          return refuse(ctx, value, 'a name without commas: failed-checks lists names separated by commas');
        return name;
      }),
      url: z.unknown().transform((written, ctx) => {
        if (written === undefined) {
          return missing(
            ctx,
            'every check needs a url: an absolute http(s) URL, or a path starting with / under base-url',
          );
        }
        if (typeof written !== 'string') return refuse(ctx, written, 'a URL (text)');
        const text = expanded(written, ctx, false);
        return text === z.NEVER ? z.NEVER : absoluteUrl(written, text, context.baseUrl, ctx);
      }),
      ...common,
    },
    'a check: a mapping with name, url and optional fields',
  );

  const defaults = mappingOf(common, 'a mapping of check fields that every check takes unless it sets its own');
  return { check, defaults, expect };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as a message shows it: text quoted, structures as short JSON. */
function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'empty';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** `was 0, expected a whole number from 1 to 100`: what was given, and what is allowed. */
function refuse(ctx: z.core.$RefinementCtx, value: unknown, allowed: string, path: PropertyKey[] = []): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message: `was ${shown(value)}, expected ${allowed}`, path });
  return z.NEVER;
}

function missing(ctx: z.core.$RefinementCtx, why: string): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message: `missing: ${why}` });
  return z.NEVER;
}

/** A duration with a unit; a bare number is refused with a message saying so. */
function readDuration(value: unknown, ctx: z.core.$RefinementCtx, path: PropertyKey[] = []): number | typeof z.NEVER {
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms !== undefined) return ms;
  const given = typeof value === 'number' ? `${value} has no unit` : `got ${JSON.stringify(value)}`;
  ctx.addIssue({ code: 'custom', message: `${given}: write ${DURATION_HINT}`, path });
  return z.NEVER;
}

function absoluteUrl(
  written: string,
  text: string,
  baseUrl: string | undefined,
  ctx: z.core.$RefinementCtx,
): string | typeof z.NEVER {
  const shown = written === text ? `"${written}"` : `"${written}" (expanded: "${text}")`;
  if (text.startsWith('/')) {
    if (baseUrl === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${shown} is relative and the base-url input is not set: set base-url or write an absolute URL`,
      });
      return z.NEVER;
    }
    // A prefix, not URL resolution: base-url https://shop.example/api + /healthz keeps /api.
    return `${baseUrl.replace(/\/+$/, '')}${text}`;
  }
  let url: URL | undefined;
  try {
    url = /^[a-z][a-z0-9+.-]*:/i.test(text) ? new URL(text) : undefined;
  } catch {
    url = undefined;
  }
  if (!url) {
    ctx.addIssue({ code: 'custom', message: `${shown} is neither an http(s) URL nor a path starting with /` });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `${shown} is not an http or https URL` });
    return z.NEVER;
  }
  return url.toString();
}

// ---------- defaults and cross-check rules ----------

function resolve(
  raws: RawCheck[],
  defaults: RawDefaults | undefined,
  prefix: PropertyKey[],
  context: CheckContext,
  ctx: z.core.$RefinementCtx,
): CheckSpec[] {
  const firstIndexByName = new Map<string, number>();
  const checks: CheckSpec[] = [];
  raws.forEach((raw, index) => {
    const earlier = firstIndexByName.get(raw.name);
    if (earlier !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `duplicate name '${raw.name}': check ${earlier + 1} has it too; names must be unique`,
        path: [...prefix, index, 'name'],
      });
    } else firstIndexByName.set(raw.name, index);
    const check = merge(raw, defaults, context);
    if (check.expect.tlsDays !== undefined && !check.url.startsWith('https:')) {
      ctx.addIssue({
        code: 'custom',
        message: `tls-days needs an https URL, and ${check.url} is not one`,
        path: [...prefix, index, ...(raw.expect?.['tls-days'] !== undefined ? ['expect', 'tls-days'] : ['url'])],
      });
    }
    checks.push(check);
  });
  return checks;
}

/** A check's own fields win over the defaults; headers merge by name, `expect` merges key by key. */
function merge(raw: RawCheck, defaults: RawDefaults | undefined, context: CheckContext): CheckSpec {
  const { headers, secretHeaders } = mergeHeaders(defaults?.headers, raw.headers);
  const body = raw.body ?? defaults?.body;
  if (body?.json && !hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
  if (!hasHeader(headers, 'user-agent')) headers['user-agent'] = USER_AGENT;
  return {
    name: raw.name,
    url: raw.url,
    method: raw.method ?? defaults?.method ?? 'GET',
    headers,
    secretHeaders,
    ...(body ? { body: body.text } : {}),
    timeoutMs: raw.timeout ?? defaults?.timeout ?? context.timeoutMs,
    samples: raw.samples ?? defaults?.samples ?? 1,
    followRedirects: raw['follow-redirects'] ?? defaults?.['follow-redirects'] ?? true,
    expect: expectations({ ...defaults?.expect, ...raw.expect }),
  };
}

function expectations(raw: RawExpect): Expectations {
  return {
    status: raw.status ?? DEFAULT_STATUS,
    ...(raw.latency ? { latency: raw.latency } : {}),
    json: raw.json ?? [],
    bodyContains: raw['body-contains'] ?? [],
    headers: raw.headers ?? {},
    ...(raw['tls-days'] !== undefined ? { tlsDays: raw['tls-days'] } : {}),
  };
}

type HeaderLayer = { values: Record<string, string>; secret: string[] } | undefined;

/** Later layers win by name (case-insensitive); a header is secret when the value that won came from a `${VAR}`. */
function mergeHeaders(...layers: HeaderLayer[]): { headers: Record<string, string>; secretHeaders: string[] } {
  const byName = new Map<string, { name: string; value: string; secret: boolean }>();
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer?.values ?? {})) {
      const key = name.toLowerCase();
      byName.set(key, { name, value, secret: layer?.secret.includes(key) ?? false });
    }
  }
  const entries = [...byName.entries()];
  return {
    headers: Object.fromEntries(entries.map(([, header]) => [header.name, header.value])),
    secretHeaders: entries.filter(([, header]) => header.secret).map(([key]) => key),
  };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

// ---------- naming the check in error messages ----------

interface Shape {
  kind: 'list' | 'mapping';
  /** Check names by index, as far as the document can be read. */
  names: Array<string | undefined>;
}

/** Looks at the document leniently to pick the schema and to name checks in errors. */
function peekShape(text: string): Shape {
  let document: unknown;
  try {
    document = parse(text);
  } catch {
    return { kind: 'mapping', names: [] };
  }
  const list = Array.isArray(document) ? document : (document as { checks?: unknown } | null)?.checks;
  const names = Array.isArray(list)
    ? list.map((item) => {
        const name = (item as { name?: unknown } | null)?.name;
        const text = typeof name === 'string' || typeof name === 'number' ? String(name).trim() : '';
        return text !== '' ? text : undefined;
      })
    : [];
  return { kind: Array.isArray(document) ? 'list' : 'mapping', names };
}

interface AllowedKeys {
  check: string[];
  defaults: string[];
  expect: string[];
  document: string[];
}

/**
 * Adds to the kernel's `[0] (line 3): unknown key 'expct'` what was probably meant and what the
 * mapping takes: `... unknown key 'expct' (did you mean 'expect'?); a check takes name, url, ...`.
 */
function explainUnknownKeys(error: string, allowed: AllowedKeys): string {
  const match = /^(.*?)((?: )?\(line \d+\))?: unknown keys? ((?:'[^']*'(?:, )?)+)$/.exec(error);
  if (!match) return error;
  const [, path, line = '', list] = match;
  const kind: keyof AllowedKeys = /(^|\.)expect$/.test(path)
    ? 'expect'
    : path === 'defaults'
      ? 'defaults'
      : /^(checks)?\[\d+\]$/.test(path)
        ? 'check'
        : 'document';
  const keys = [...list.matchAll(/'([^']*)'/g)].map((found) => found[1]);
  const described = keys.map((key) => {
    const hint = hintFor(key, kind, allowed);
    return hint ? `'${key}' (${hint})` : `'${key}'`;
  });
  const takes = {
    check: 'a check takes',
    defaults: 'defaults take',
    expect: 'expect takes',
    document: 'the document takes',
  }[kind];
  return `${path}${line}: unknown key${keys.length > 1 ? 's' : ''} ${described.join(', ')}; ${takes} ${allowed[kind].join(', ')}`;
}

function hintFor(key: string, kind: keyof AllowedKeys, allowed: AllowedKeys): string | undefined {
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

/**
 * Rewrites the kernel's `checks[2].expect.json[0] (line 9): ...` as
 * `check 'healthz', field expect.json[0] (line 9): ...`: people know their checks by name.
 */
function nameTheCheck(error: string, names: ReadonlyArray<string | undefined>): string {
  const match = /^(?:checks)?\[(\d+)\](.*?)( \(line \d+\))?: ([\s\S]*)$/.exec(error);
  if (!match) return error;
  const [, index, field, line = '', message] = match;
  const name = names[Number(index)];
  const check = name === undefined ? `check ${Number(index) + 1}` : `check '${name}'`;
  const fieldName = field.replace(/^\./, '');
  return `${check}${fieldName ? `, field ${fieldName}` : ''}${line}: ${message}`;
}
