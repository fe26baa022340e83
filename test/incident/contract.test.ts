// action.yml is the public contract: its inputs are exactly the schema's keys, with the same defaults.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INCIDENT_INPUT_NAMES, incidentInputSchema } from '../../actions/incident/src/inputs.ts';
import { REPO_ROOT, readActionManifest } from '../support/runner.ts';

const manifest = readActionManifest(join(REPO_ROOT, 'actions/incident'));

describe('incident action.yml', () => {
  it('declares exactly the inputs the schema parses', () => {
    expect(Object.keys(manifest.inputs ?? {}).sort()).toEqual([...INCIDENT_INPUT_NAMES].sort());
  });

  it('has defaults that parse to the schema’s own defaults', () => {
    const fromManifest = Object.fromEntries(
      Object.entries(manifest.inputs ?? {})
        .filter(([, spec]) => spec.default !== undefined && !String(spec.default).includes('${{'))
        .map(([name, spec]) => [name, String(spec.default)]),
    );
    const withManifestDefaults = incidentInputSchema.parse({ ...fromManifest, token: 't', title: 'x' });
    const withSchemaDefaults = incidentInputSchema.parse({ token: 't', title: 'x' });
    expect(withManifestDefaults).toEqual(withSchemaDefaults);
  });
});
