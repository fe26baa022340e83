// JSON Schemas for editors (completion and validation through yaml-language-server), generated from the
// zod schemas: the smoke-test checks file, the gate's freeze windows and shipshape.yml. `node src/cli/schemas.ts` rewrites schema/.
// The checks' fields are zod transforms (so their messages stay the action's own), which JSON Schema cannot
// express: zod gives the keys, which are required and that no others are allowed; the value types and
// descriptions come from FIELD_DOCS below, and a test fails when a key is missing on either side.
// No `$id`: the schemas refer to each other by file name, which editors then resolve next to the
// file they loaded (a checkout's schema/ folder or the raw URL), not against a web page.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { documentedFreezeWindowsSchema } from '../../actions/deploy-gate/src/freeze.ts';
import { fieldSchemas } from '../../actions/smoke-test/src/check-fields.ts';
import { REPO_ROOT } from '../local-runner/index.ts';
import { configSchema } from './config.ts';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema> };

export const SCHEMA_DIR = join(REPO_ROOT, 'schema');

const duration = {
  type: 'string',
  pattern: '^\\s*(0|(\\d+(\\.\\d+)?(ms|s|m|h|d))+)\\s*$',
  examples: ['500ms', '10s', '1m30s'],
};
const text = { type: ['string', 'number'] };
const textMap = { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } };
const textOrList = { anyOf: [text, { type: 'array', items: text }] };

/** Types and descriptions of the check fields, by where they sit: `check`, `expect` (defaults share check's). */
export const FIELD_DOCS: Record<'check' | 'expect', Record<string, JsonSchema>> = {
  check: {
    name: { ...text, description: 'Unique name of the check (no commas); failures and failed-checks use it.' },
    url: {
      type: 'string',
      description: 'An absolute http(s) URL, or a path starting with / that is appended to the base-url input.',
    },
    method: { type: 'string', description: 'HTTP method.', default: 'GET', examples: ['GET', 'POST', 'HEAD'] },
    headers: {
      ...textMap,
      description: 'Request headers; ${VAR} takes an environment variable and makes the value a secret.',
    },
    body: {
      anyOf: [{ type: 'string' }, { type: 'object' }, { type: 'array' }],
      description: 'Request body: text, or YAML sent as JSON (content-type application/json). ${VAR} is expanded.',
    },
    timeout: {
      ...duration,
      description: 'Time allowed for each attempt (connect, redirects, whole body); overrides the timeout input.',
    },
    samples: {
      type: 'integer',
      minimum: 1,
      maximum: 100,
      default: 1,
      description: 'Requests per round; latency limits judge them all.',
    },
    'follow-redirects': {
      type: 'boolean',
      default: true,
      description: 'Follow redirects (cross-origin ones drop secret headers).',
    },
    expect: { description: 'What the answer must be.' },
  },
  expect: {
    status: {
      anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'array', items: { type: ['integer', 'string'] } }],
      description: 'A status (200), a class ("2xx") or a list of them (default 2xx).',
      examples: [200, '2xx', '200 or 204'],
    },
    latency: {
      anyOf: [
        duration,
        {
          type: 'object',
          properties: { p95: duration, max: duration },
          additionalProperties: false,
        },
      ],
      description: 'Every sample faster than this, or {p95, max}.',
    },
    json: {
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      description: 'JSON-path expectations such as "$.status == ok" or "$.integrity.score >= 0.95".',
    },
    'body-contains': { ...textOrList, description: 'Text (or texts) the body must contain.' },
    headers: { ...textMap, description: 'Response headers and the text each must contain.' },
    'tls-days': {
      type: 'integer',
      minimum: 0,
      description: 'Every certificate must be valid for at least this many more days (https only).',
    },
  },
};

/** Adds FIELD_DOCS to the keys zod produced; returns the keys that have no docs (a test wants none). */
function annotate(schema: JsonSchema, docs: Record<string, JsonSchema>, missing: string[], where: string): JsonSchema {
  for (const [key, value] of Object.entries(schema.properties ?? {})) {
    const doc = docs[key];
    if (!doc) missing.push(`${where}.${key}`);
    else (schema.properties as Record<string, JsonSchema>)[key] = { ...doc, ...value };
  }
  return schema;
}

function inputSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** The checks file (or the `checks` input): a list of checks, or `{defaults, checks}`. */
export function smokeChecksSchema(missing: string[] = []): JsonSchema {
  const fields = fieldSchemas({ env: {} });
  const expect = annotate(inputSchema(fields.expect), FIELD_DOCS.expect, missing, 'expect');
  const check = annotate(inputSchema(fields.check), FIELD_DOCS.check, missing, 'check');
  const defaults = annotate(inputSchema(fields.defaults), FIELD_DOCS.check, missing, 'defaults');
  for (const holder of [check, defaults]) {
    if (holder.properties?.expect)
      holder.properties.expect = { $ref: '#/$defs/expect', description: 'What the answer must be.' };
  }
  const list = { type: 'array', minItems: 1, items: { $ref: '#/$defs/check' } };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'shipshape smoke-test checks',
    description:
      'A list of checks, or a mapping with defaults (fields every check takes unless it sets its own) and checks.',
    anyOf: [
      list,
      {
        type: 'object',
        properties: { defaults: { $ref: '#/$defs/defaults' }, checks: list },
        required: ['checks'],
        additionalProperties: false,
      },
    ],
    $defs: { check, defaults, expect },
  };
}

/** The deploy gate's `freeze` input: a list of cron pairs and absolute windows. */
export function freezeWindowsSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'shipshape deploy-gate freeze windows',
    description:
      'Deploys are refused while a window is active: a cron pair from its most recent start to the end after it, or an absolute [from, to).',
    ...inputSchema(documentedFreezeWindowsSchema()),
  };
}

/** shipshape.yml: one section per command, keys exactly the action's inputs. */
export function shipshapeConfigSchema(): JsonSchema {
  const json = inputSchema(configSchema());
  const smoke = json.properties?.smoke;
  const checks = smoke?.properties?.checks;
  if (smoke?.properties && checks) {
    smoke.properties.checks = {
      description: checks.description,
      anyOf: [{ type: 'string' }, { $ref: 'smoke-checks.schema.json' }],
    };
  }
  const freeze = json.properties?.gate?.properties?.freeze;
  if (freeze) {
    (json.properties?.gate?.properties as Record<string, JsonSchema>).freeze = {
      description: freeze.description,
      anyOf: [{ type: 'string' }, { $ref: 'freeze-windows.schema.json' }],
    };
  }
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...json };
}

/** Every generated file by name, as it is committed (two-space JSON and a final newline). */
export function generatedSchemas(): Record<string, string> {
  const render = (schema: JsonSchema) => `${JSON.stringify(schema, null, 2)}\n`;
  return {
    'smoke-checks.schema.json': render(smokeChecksSchema()),
    'freeze-windows.schema.json': render(freezeWindowsSchema()),
    'shipshape.schema.json': render(shipshapeConfigSchema()),
  };
}

if (import.meta.main) {
  for (const [name, text] of Object.entries(generatedSchemas())) writeFileSync(join(SCHEMA_DIR, name), text);
  console.log(`wrote ${Object.keys(generatedSchemas()).join(', ')} to ${SCHEMA_DIR}`);
}
