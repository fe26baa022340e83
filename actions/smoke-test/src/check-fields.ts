// The fields of a check (and of `defaults`) as zod parsers that never show zod's wording: each
// says `was <value>, expected <what is allowed>`, expands `${VAR}` where allowed and bounds durations.
import { z } from 'zod';
import { DURATION_HINT, formatDuration, parseDuration } from '../../../src/kernel/durations.ts';
import { parseStatusExpectation, type StatusExpectation } from '../../../src/kernel/http/exchange.ts';
import { type JsonExpectation, parseJsonExpectation } from '../../../src/kernel/http/json-path.ts';
import { type LatencyExpectation, MAX_ATTEMPT_TIMEOUT_MS } from './spec.ts';
import { expandVariables, hasVariables, type UsedVariable } from './variables.ts';

export interface FieldContext {
  env: Readonly<Record<string, string | undefined>>;
  /** The `base-url` input, for URLs that start with `/`. */
  baseUrl?: string;
}

/** A header layer (of a check or of the defaults): values, which of them carry a `${VAR}`, and the variables used. */
export interface HeaderLayer {
  values: Record<string, string>;
  /** Lower-case names of headers whose value came from a `${VAR}`. */
  secret: string[];
  used: UsedVariable[];
}

interface BodyField {
  text: string;
  json: boolean;
  used: UsedVariable[];
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The parsers of a check, of `defaults` and of `expect`; their keys are the allowed keys. */
export function fieldSchemas(context: FieldContext) {
  const expanded = (
    text: string,
    ctx: z.core.$RefinementCtx,
    path: PropertyKey[] = [],
  ): { text: string; used: UsedVariable[] } | undefined => {
    const expansion = expandVariables(text, context.env);
    if (expansion.ok) return { text: expansion.text, used: expansion.used };
    ctx.addIssue({ code: 'custom', message: expansion.problem, path });
    return undefined;
  };

  const duration = (max: number) =>
    z
      .unknown()
      .transform((value, ctx) => readDuration(value, ctx, [], max))
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
        // YAML keeps `__proto__` as an own key; assigned to a plain object it would vanish silently.
        if (name === '__proto__') {
          ctx.addIssue({ code: 'custom', message: '"__proto__" cannot be a name here', path: [name] });
          failed = true;
        } else if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
          out[name] = String(item);
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

  const requestHeaders = textMapping('a mapping of header names to values').transform((headers, ctx): HeaderLayer => {
    const layer: HeaderLayer = { values: {}, secret: [], used: [] };
    for (const [name, value] of Object.entries(headers)) {
      if (!HEADER_NAME.test(name)) {
        ctx.addIssue({ code: 'custom', message: `"${name}" is not a valid header name`, path: [name] });
        continue;
      }
      const result = expanded(value, ctx, [name]);
      if (!result) continue;
      // The value is not echoed: it may carry a secret.
      if (/[\r\n\0]/.test(result.text)) {
        ctx.addIssue({ code: 'custom', message: 'contains a line break', path: [name] });
        continue;
      }
      layer.values[name] = result.text;
      layer.used.push(...result.used);
      if (hasVariables(value)) layer.secret.push(name.toLowerCase());
    }
    return layer;
  });

  const body = z.unknown().transform((value, ctx): BodyField | undefined => {
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'string') {
      const result = expanded(value, ctx);
      return result ? { text: result.text, json: false, used: result.used } : z.NEVER;
    }
    let failed = false;
    const used: UsedVariable[] = [];
    const expandLeaves = (node: unknown): unknown => {
      if (typeof node === 'string') {
        const result = expanded(node, ctx);
        if (!result) failed = true;
        else used.push(...result.used);
        return result?.text;
      }
      if (Array.isArray(node)) return node.map(expandLeaves);
      if (node !== null && typeof node === 'object') {
        return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, expandLeaves(item)]));
      }
      return node;
    };
    const document = expandLeaves(value);
    return failed ? z.NEVER : { text: JSON.stringify(document), json: true, used };
  });

  const status = z.unknown().transform((value, ctx): StatusExpectation => {
    const parsed = parseStatusExpectation(value);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  });

  // `latency: 100ms` (every sample) or `{ p95: 100ms, max: 300ms }`; each shape gets its own message.
  // Latency limits are compared, never waited for: they need no bound below the timer limit.
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
    timeout: duration(MAX_ATTEMPT_TIMEOUT_MS).refine(
      (ms) => ms === undefined || ms > 0,
      'a timeout must be more than 0',
    ),
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
        // URL values are shown in reports, so they are not secrets (the README says so).
        const result = expanded(written, ctx);
        return result ? absoluteUrl(written, result.text, context.baseUrl, ctx) : z.NEVER;
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

/** A duration with a unit, at most `max`; a bare number is refused with a message saying so. */
function readDuration(
  value: unknown,
  ctx: z.core.$RefinementCtx,
  path: PropertyKey[] = [],
  max = Number.POSITIVE_INFINITY,
): number | typeof z.NEVER {
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms !== undefined && ms <= max) return ms;
  const given =
    ms !== undefined
      ? `was ${shown(value)}, expected at most ${formatDuration(max)}`
      : typeof value === 'number'
        ? `${value} has no unit: write ${DURATION_HINT}`
        : `got ${JSON.stringify(value)}: write ${DURATION_HINT}`;
  ctx.addIssue({ code: 'custom', message: given, path });
  return z.NEVER;
}

function absoluteUrl(
  written: string,
  text: string,
  baseUrl: string | undefined,
  ctx: z.core.$RefinementCtx,
): string | typeof z.NEVER {
  const shownUrl = written === text ? `"${written}"` : `"${written}" (expanded: "${text}")`;
  if (text.startsWith('/')) {
    if (baseUrl === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${shownUrl} is relative and the base-url input is not set: set base-url or write an absolute URL`,
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
    ctx.addIssue({ code: 'custom', message: `${shownUrl} is neither an http(s) URL nor a path starting with /` });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `${shownUrl} is not an http or https URL` });
    return z.NEVER;
  }
  return url.toString();
}
