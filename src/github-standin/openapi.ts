// Validates the stand-in's traffic against GitHub's official REST description (@octokit/openapi):
// a request GitHub would reject, or a response GitHub would never send, becomes a violation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openapiSchemaToJsonSchema } from '@openapi-contrib/openapi-schema-to-json-schema';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters?: Json[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> };
  responses: Record<string, { content?: Record<string, { schema?: Json }> } | { $ref: string }>;
}
interface Description {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; parameters: Record<string, Json>; responses: Record<string, Json> };
}

const SCHEMA_BASE = 'https://stand-in.invalid/schemas/';
const require = createRequire(import.meta.url);

let description: Description | undefined;
function loadDescription(): Description {
  // Only the plain (not dereferenced) description: 13 MB, parsed in about 0.2 s.
  description ??= JSON.parse(
    readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'),
  ) as Description;
  return description;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
const registered = new Set<string>();

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$schema') continue;
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
        out.$ref = SCHEMA_BASE + value.slice('#/components/schemas/'.length);
      } else out[key] = rewriteRefs(value);
    }
    return out;
  }
  return node;
}

function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, into);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
        into.add(value.slice('#/components/schemas/'.length));
      } else collectRefs(value, into);
    }
  }
}

function convert(schema: Json): Json {
  return rewriteRefs(openapiSchemaToJsonSchema(schema as never, { cloneSchema: true })) as Json;
}

/** Registers every component schema reachable from `schema`, converting each once. */
function registerComponents(schema: Json): void {
  const spec = loadDescription();
  const pending = new Set<string>();
  collectRefs(schema, pending);
  for (const name of pending) {
    if (registered.has(name)) continue;
    registered.add(name);
    const component = spec.components.schemas[name];
    if (!component) throw new Error(`OpenAPI component ${name} not found`);
    collectRefs(component, pending);
    ajv.addSchema({ ...convert(component), $id: SCHEMA_BASE + name });
  }
}

const compiled = new Map<string, ValidateFunction>();
function compile(key: string, schema: Json): ValidateFunction {
  let validate = compiled.get(key);
  if (!validate) {
    registerComponents(schema);
    validate = ajv.compile(convert(schema));
    compiled.set(key, validate);
  }
  return validate;
}

export interface MatchedOperation {
  template: string;
  method: string;
  operation: Operation;
}

const templateCache = new Map<string, RegExp>();
/** Finds the documented operation for a method and concrete path, e.g. GET /repos/o/r/issues. */
export function findOperation(method: string, path: string): MatchedOperation | undefined {
  const spec = loadDescription();
  const lower = method.toLowerCase();
  for (const [template, item] of Object.entries(spec.paths)) {
    const operation = item[lower];
    if (!operation) continue;
    let pattern = templateCache.get(template);
    if (!pattern) {
      pattern = new RegExp(
        `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+')}$`,
      );
      templateCache.set(template, pattern);
    }
    if (pattern.test(path)) return { template, method: lower, operation };
  }
  return undefined;
}

function resolveParameter(parameter: Json): Json {
  const ref = parameter.$ref;
  if (typeof ref === 'string') {
    return loadDescription().components.parameters[ref.slice('#/components/parameters/'.length)] ?? {};
  }
  return parameter;
}

function formatErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.instancePath || '(root)'} ${error.message ?? ''}`)
    .join('; ');
}

/** Problems GitHub would have with this request; an empty list means it would accept it. */
export function validateRequest(
  match: MatchedOperation,
  query: URLSearchParams,
  body: unknown,
  hasBody: boolean,
): string[] {
  const problems: string[] = [];
  const { operation } = match;
  for (const raw of operation.parameters ?? []) {
    const parameter = resolveParameter(raw);
    if (parameter.in !== 'query') continue;
    const name = String(parameter.name);
    const value = query.get(name);
    const schema = (parameter.schema ?? {}) as Json;
    if (value === null) {
      if (parameter.required) problems.push(`query parameter ${name} is required`);
      continue;
    }
    if (schema.type === 'integer' && !/^-?\d+$/.test(value)) problems.push(`query ${name}=${value} is not an integer`);
    if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
      problems.push(`query ${name}=${value} is not one of ${schema.enum.join(', ')}`);
    }
  }
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  if (operation.requestBody?.required && !hasBody) problems.push('a JSON body is required');
  if (bodySchema && hasBody) {
    const validate = compile(`${match.method} ${match.template} request`, bodySchema);
    if (!validate(body)) problems.push(`body: ${formatErrors(validate)}`);
  }
  return problems;
}

/** Problems with a response the stand-in is about to send: GitHub would never send it. */
export function validateResponse(match: MatchedOperation, status: number, body: unknown): string[] {
  const response = match.operation.responses[String(status)];
  // GitHub answers 404 for a missing resource on every endpoint (an unknown workflow file, say),
  // though its description documents it only on some. Its shape is still checked.
  if (!response && status === 404) {
    const message = (body as { message?: unknown } | undefined)?.message;
    return typeof message === 'string' ? [] : ['response 404: a GitHub error body has a message'];
  }
  if (!response) {
    return [`GitHub documents no ${status} response for ${match.method.toUpperCase()} ${match.template}`];
  }
  const resolved =
    '$ref' in response
      ? (loadDescription().components.responses[String(response.$ref).split('/').pop() ?? ''] as typeof response)
      : response;
  const schema = (resolved as { content?: Record<string, { schema?: Json }> }).content?.['application/json']?.schema;
  if (!schema) return [];
  // GitHub describes some error bodies as `oneOf` schemas with no required fields (a 409 is a
  // basic error or a rule violation), which every body matches twice: read them as `anyOf`.
  const checked = status >= 400 && Array.isArray(schema.oneOf) ? { anyOf: schema.oneOf } : schema;
  const validate = compile(`${match.method} ${match.template} ${status}`, checked);
  return validate(body) ? [] : [`response ${status}: ${formatErrors(validate)}`];
}

/** A copy of one of GitHub's documented examples (`components.examples[name].value`). */
export function documentedExample(name: string): Record<string, unknown> {
  const examples = (loadDescription().components as unknown as { examples: Record<string, { value: unknown }> })
    .examples;
  const example = examples[name];
  if (!example) throw new Error(`OpenAPI example ${name} not found`);
  return structuredClone(example.value) as Record<string, unknown>;
}
