// The JSON Schemas in schema/ are what the zod schemas generate (a stale file fails), they describe every
// field the zod schemas accept, and they accept the shipped example and refuse what the actions refuse.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { freezeWindowsSchema } from '../../actions/deploy-gate/src/freeze.ts';
import { fieldSchemas } from '../../actions/smoke-test/src/check-fields.ts';
import { readConfigFile } from '../../src/cli/config.ts';
import { FIELD_DOCS, generatedSchemas, SCHEMA_DIR, smokeChecksSchema } from '../../src/cli/schemas.ts';
import { REPO_ROOT } from '../support/runner.ts';

describe('schema/', () => {
  it.each(Object.entries(generatedSchemas()))(
    '%s is up to date (regenerate: npx node src/cli/schemas.ts)',
    (name, text) => {
      expect(readFileSync(join(SCHEMA_DIR, name), 'utf8')).toBe(text);
    },
  );

  it('documents every key the checks schema accepts, and no key it does not', () => {
    const missing: string[] = [];
    smokeChecksSchema(missing);
    expect(missing).toEqual([]);
    const fields = fieldSchemas({ env: {} });
    const checkKeys = new Set([...Object.keys(fields.check.shape), ...Object.keys(fields.defaults.shape)]);
    expect(Object.keys(FIELD_DOCS.check).sort()).toEqual([...checkKeys].sort());
    expect(Object.keys(FIELD_DOCS.expect).sort()).toEqual(Object.keys(fields.expect.shape).sort());
  });
});

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // Added under their file names, as an editor resolves `$ref: freeze-windows.schema.json` next to the file.
  for (const [name, text] of Object.entries(generatedSchemas())) ajv.addSchema(JSON.parse(text), name);
  return {
    config: ajv.getSchema('shipshape.schema.json'),
    checks: ajv.getSchema('smoke-checks.schema.json'),
    freeze: ajv.getSchema('freeze-windows.schema.json'),
  };
}

describe('what the schemas accept', () => {
  const { config, checks, freeze } = validator();

  it('accepts shipshape.example.yml, which the command line also reads', () => {
    const text = readFileSync(join(REPO_ROOT, 'shipshape.example.yml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema/shipshape.schema.json');
    expect(config?.(parse(text)), JSON.stringify(config?.errors)).toBe(true);
    const read = readConfigFile('shipshape.example.yml', REPO_ROOT);
    expect(read?.inputs.gate?.['required-checks']).toBe('build\ntest');
    expect(parse(read?.inputs.smoke?.checks ?? '')[0].name).toBe('healthz');
  });

  it('refuses an input no action has, in the section of its command', () => {
    expect(config?.({ smoke: { wach: '5m' } })).toBe(false);
    expect(config?.({ deploy: {} })).toBe(false);
  });

  it('accepts both shapes of a checks document and refuses an unknown field or a missing url', () => {
    const check = {
      name: 'healthz',
      url: '/healthz',
      expect: { status: 200, latency: { p95: '200ms' }, json: '$.ok == true' },
    };
    expect(checks?.([check]), JSON.stringify(checks?.errors)).toBe(true);
    expect(
      checks?.({ defaults: { timeout: '5s', headers: { authorization: 'Bearer ${TOKEN}' } }, checks: [check] }),
    ).toBe(true);
    expect(checks?.([{ ...check, expct: {} }])).toBe(false);
    expect(checks?.([{ name: 'x' }])).toBe(false);
    expect(checks?.([{ ...check, expect: { latency: '5 seconds' } }])).toBe(false);
  });

  it('accepts the freeze windows the gate accepts and refuses what it refuses', () => {
    const windows = [
      { start: '0 16 * * 5', end: '0 8 * * 1', timezone: 'Europe/Berlin', reason: 'weekend' },
      { from: '2026-12-24T00:00:00Z', to: '2026-12-27T00:00+01:00' },
    ];
    expect(freeze?.(windows), JSON.stringify(freeze?.errors)).toBe(true);
    expect(freezeWindowsSchema().safeParse(windows).success).toBe(true);
    expect(config?.({ gate: { freeze: windows } }), JSON.stringify(config?.errors)).toBe(true);
    for (const refused of [
      [{ start: '0 16 * * 5' }],
      [{ from: '2026-12-24', to: '2026-12-27T00:00:00Z' }],
      [{ from: '2026-12-24T00:00:00Z', to: '2026-12-27T00:00:00Z', tz: 'x' }],
      [{ reason: 'no times' }],
      ['weekends'],
    ]) {
      expect(freeze?.(refused), JSON.stringify(refused)).toBe(false);
      expect(freezeWindowsSchema().safeParse(refused).success, JSON.stringify(refused)).toBe(false);
      expect(config?.({ gate: { freeze: refused } }), JSON.stringify(refused)).toBe(false);
    }
  });
});

describe('YAML inputs on the command line', () => {
  it('lists every action input that is YAML, so shipshape.yml may write it as YAML', async () => {
    const { ACTION_COMMANDS } = await import('../../src/cli/commands.ts');
    const { yamlInputNames } = await import('../../src/kernel/inputs.ts');
    const schemas: Record<string, z.ZodType> = {
      gate: (await import('../../actions/deploy-gate/src/inputs.ts')).deployGateInputSchema,
      smoke: (await import('../../actions/smoke-test/src/inputs.ts')).smokeInputSchema,
      backup: z.object({}),
      incident: (await import('../../actions/incident/src/inputs.ts')).incidentInputSchema,
      'status-page': (await import('../../actions/status-page/src/inputs.ts')).statusPageInputSchema,
    };
    for (const command of ACTION_COMMANDS) {
      expect(command.yamlInputs, command.name).toEqual(expect.arrayContaining(yamlInputNames(schemas[command.name])));
    }
  });
});
