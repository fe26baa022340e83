// The checks document (a list of checks, or `{defaults, checks}`) read from YAML into resolved,
// typed checks: URLs joined to base-url, `${VAR}` expanded, expectations parsed, every problem
// named by check, field and line before any request is sent.
import { parse } from 'yaml';
import { z } from 'zod';
import { DURATION_HINT, parseDuration } from '../../../src/kernel/durations.ts';
import { parseYaml } from '../../../src/kernel/inputs.ts';
import {
  DEFAULT_STATUS,
  type Expectations,
  type LatencyExpectation,
  parseStatusExpectation,
  type StatusExpectation,
} from './expectations.ts';
import { type JsonExpectation, parseJsonExpectation } from './json-expectations.ts';
import { expandVariables } from './variables.ts';

export interface CheckSpec {
  name: string;
  /** Absolute http(s) URL, variables expanded. */
  url: string;
  method: string;
  headers: Record<string, string>;
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
}

export type ChecksResult = { ok: true; value: ParsedChecks } | { ok: false; errors: string[] };

const USER_AGENT = 'shipshape-smoke-test';
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Parses and resolves a checks document; errors name the check, the field and the line. */
export function parseChecks(text: string, context: CheckContext): ChecksResult {
  const secrets = new Set<string>();
  const fields = fieldSchemas(context, secrets);
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
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((error) => nameTheCheck(error, shape.names)) };
  return { ok: true, value: { checks: parsed.value, secrets: [...secrets] } };
}

// ---------- field schemas ----------

type RawCheck = z.output<ReturnType<typeof fieldSchemas>['check']>;
type RawDefaults = z.output<ReturnType<typeof fieldSchemas>['defaults']>;
type RawExpect = NonNullable<RawCheck['expect']>;

function fieldSchemas(context: CheckContext, secrets: Set<string>) {
  /** Expands `${VAR}`; values that end up in headers or bodies are secrets. */
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
    if (secret) for (const value of expansion.values) secrets.add(value);
    return expansion.text;
  };

  const duration = z
    .unknown()
    .transform((value, ctx) => readDuration(value, ctx))
    .optional();

  const scalarText = z.unknown().transform((value, ctx) => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    ctx.addIssue({ code: 'custom', message: `expected text, got ${value === null ? 'nothing' : typeof value}` });
    return z.NEVER;
  });

  const textList = z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(z.string()));

  const expectedHeaders = z.record(z.string(), scalarText);

  const requestHeaders = z.record(z.string(), scalarText).transform((headers, ctx) => {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (!HEADER_NAME.test(name)) {
        ctx.addIssue({ code: 'custom', message: `"${name}" is not a valid header name`, path: [name] });
        continue;
      }
      const text = expanded(value, ctx, true);
      if (text === z.NEVER) continue;
      // The value is not echoed: it may carry a secret.
      if (/[\r\n\0]/.test(text)) ctx.addIssue({ code: 'custom', message: 'contains a line break', path: [name] });
      else out[name] = text;
    }
    return out;
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

  const jsonLine = z.string().transform((line, ctx): JsonExpectation => {
    const parsed = parseJsonExpectation(line);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: `cannot read "${line}": ${parsed.error}` });
    return z.NEVER;
  });

  const expect = z.strictObject({
    status: status.optional(),
    latency: latency.optional(),
    json: z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(jsonLine)).optional(),
    'body-contains': textList.optional(),
    headers: expectedHeaders.optional(),
    'tls-days': z.number().int().min(0).optional(),
  });

  const common = {
    method: z
      .string()
      .regex(HEADER_NAME, 'expected an HTTP method such as GET or POST')
      .transform((method) => method.toUpperCase())
      .optional(),
    headers: requestHeaders.optional(),
    body: body.optional(),
    timeout: duration.refine((ms) => ms === undefined || ms > 0, 'a timeout must be more than 0'),
    samples: z.number().int().min(1).max(100).optional(),
    'follow-redirects': z.boolean().optional(),
    expect: expect.optional(),
  };

  const check = z.strictObject({
    name: z
      .string()
      .trim()
      .min(1, 'a check needs a name')
      .refine((name) => !name.includes(','), 'no commas: failed-checks lists names separated by commas'),
    url: z.string().transform((written, ctx) => {
      const text = expanded(written, ctx, false);
      return text === z.NEVER ? z.NEVER : absoluteUrl(written, text, context.baseUrl, ctx);
    }),
    ...common,
  });

  const defaults = z.strictObject(common);
  return { check, defaults };
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
  const headers = mergeHeaders(defaults?.headers ?? {}, raw.headers ?? {});
  const body = raw.body ?? defaults?.body;
  if (body?.json && !hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
  if (!hasHeader(headers, 'user-agent')) headers['user-agent'] = USER_AGENT;
  return {
    name: raw.name,
    url: raw.url,
    method: raw.method ?? defaults?.method ?? 'GET',
    headers,
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

function mergeHeaders(...layers: Array<Record<string, string>>): Record<string, string> {
  const byName = new Map<string, [string, string]>();
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer)) byName.set(name.toLowerCase(), [name, value]);
  }
  return Object.fromEntries(byName.values());
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
        return typeof name === 'string' && name.trim() !== '' ? name.trim() : undefined;
      })
    : [];
  return { kind: Array.isArray(document) ? 'list' : 'mapping', names };
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
