// The checks document (a list of checks, or `{defaults, checks}`) read from YAML into resolved
// checks: defaults applied, names unique, tls-days only on https, every problem named by check,
// field and line before any request is sent.
import { z } from 'zod';
import { DEFAULT_STATUS } from '../../../src/kernel/http/exchange.ts';
import { parseYaml, readYamlLeniently } from '../../../src/kernel/inputs.ts';
import { describeCheckIssue } from './check-errors.ts';
import { type FieldContext, fieldSchemas, type HeaderLayer } from './check-fields.ts';
import type { CheckSpec, Expectations } from './spec.ts';

export interface CheckContext extends FieldContext {
  /** The `timeout` input, for checks that set none. */
  timeoutMs: number;
}

export type ChecksResult = { ok: true; checks: CheckSpec[] } | { ok: false; errors: string[] };

const USER_AGENT = 'shipshape-smoke-test';

/** Parses and resolves a checks document; errors name the check, the field and the line. */
export function parseChecks(text: string, context: CheckContext): ChecksResult {
  const fields = fieldSchemas(context);
  const isList = Array.isArray(readYamlLeniently(text));
  const checkList = z
    .array(fields.check, { error: 'expected a list of checks' })
    .min(1, 'no checks: give at least one');
  const schema = isList
    ? checkList.transform((checks, ctx) => resolve(checks, undefined, [], context, ctx))
    : z
        .strictObject(
          { defaults: fields.defaults.optional(), checks: checkList },
          { error: 'expected a list of checks, or a mapping with defaults and checks' },
        )
        .transform((document, ctx) => resolve(document.checks, document.defaults, ['checks'], context, ctx));
  const parsed = parseYaml(text, schema);
  if (parsed.ok) return { ok: true, checks: parsed.value };
  const allowed = {
    check: Object.keys(fields.check.shape),
    defaults: Object.keys(fields.defaults.shape),
    expect: Object.keys(fields.expect.shape),
    document: ['defaults', 'checks'],
  };
  const names = checkNames(text);
  return { ok: false, errors: parsed.issues.map((issue) => describeCheckIssue(issue, names, allowed)) };
}

type Fields = ReturnType<typeof fieldSchemas>;
type RawCheck = z.output<Fields['check']>;
type RawDefaults = z.output<Fields['defaults']>;
type RawExpect = NonNullable<RawCheck['expect']>;

/** The document as plain data, or undefined when it is not YAML (the strict parse says why). */
/** Check names by index, as far as the document can be read: errors name checks by them. */
function checkNames(text: string): Array<string | undefined> {
  const document = readYamlLeniently(text);
  const list = Array.isArray(document) ? document : (document as { checks?: unknown } | null)?.checks;
  if (!Array.isArray(list)) return [];
  return list.map((item) => {
    const name = (item as { name?: unknown } | null)?.name;
    const written = typeof name === 'string' || typeof name === 'number' ? String(name).trim() : '';
    return written !== '' ? written : undefined;
  });
}

function resolve(
  raws: RawCheck[],
  defaults: RawDefaults | undefined,
  prefix: PropertyKey[],
  context: CheckContext,
  ctx: z.core.$RefinementCtx,
): CheckSpec[] {
  const firstIndexByName = new Map<string, number>();
  return raws.map((raw, index) => {
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
    return check;
  });
}

/** A check's own fields win over the defaults; headers merge by name, `expect` merges key by key. */
function merge(raw: RawCheck, defaults: RawDefaults | undefined, context: CheckContext): CheckSpec {
  const { headers, secretHeaders } = mergeHeaders(defaults?.headers, raw.headers);
  const body = raw.body ?? defaults?.body;
  if (body?.json && !hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
  if (!hasHeader(headers, 'user-agent')) headers['user-agent'] = USER_AGENT;
  // Every variable written into a header or body is a secret, also one a check's own header overrides.
  const usedVariables = [...(defaults?.headers?.used ?? []), ...(raw.headers?.used ?? []), ...(body?.used ?? [])];
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
    usedVariables,
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

/** Later layers win by name (case-insensitive); a header is secret when the value that won came from a `${VAR}`. */
function mergeHeaders(...layers: Array<HeaderLayer | undefined>): {
  headers: Record<string, string>;
  secretHeaders: string[];
} {
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
