// The status page's inputs: defaults, and one clear message per bad value naming the input.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../actions/status-page/src/inputs.ts';

const workspace = mkdtempSync(join(tmpdir(), 'status-inputs-'));
const roots = { workspace, runnerTemp: mkdtempSync(join(tmpdir(), 'status-temp-')) };
const read = (raw: Record<string, string>) => readConfig({ token: 'ghs_x', ...raw }, roots);

describe('readConfig', () => {
  it('has the documented defaults', () => {
    expect(read({})).toEqual({
      historyBranch: 'status-data',
      outputDir: join(workspace, 'status-site'),
      title: 'Service status',
      checks: [],
      maintenance: [],
      days: 90,
      intervalMs: 900_000,
      token: 'ghs_x',
    });
  });

  it('reads checks with titles and fingerprints', () => {
    expect(read({ checks: '- name: home\n  title: Home\n- name: api\n  fingerprints: [api-down]' }).checks).toEqual([
      { name: 'home', title: 'Home', fingerprints: [] },
      { name: 'api', title: 'api', fingerprints: ['api-down'] },
    ]);
  });

  it.each([
    [{ days: '0' }, `Input 'days' was "0": expected a whole number from 1 to 366.`],
    [{ interval: '10s' }, `Input 'interval' was "10s": expected an interval from 1m to 24h.`],
    [{ interval: 'soon' }, /^Input 'interval' was "soon": expected /],
    [{ 'history-branch': 'a..b' }, /^Input 'history-branch' was "a\.\.b": expected a branch name/],
    [{ checks: '- name: home\n  titel: Home' }, `Input 'checks': [0] (line 2): unknown key 'titel'`],
    [{ checks: '- name: home\n- name: home' }, `Input 'checks': [1].name (line 2): 'home' is listed twice`],
    [
      { checks: '- name: home\n  __proto__: x' },
      /^Input 'checks': \[0\]\.__proto__ \(line 2\): "__proto__" cannot be a name here$/,
    ],
    [
      { maintenance: '- title: x\n  start: "0 2 * * 0"\n  end: "0 4 * * 0"\n  timezone: Nowhere/Else' },
      /Input 'maintenance': \[0\].timezone \(line 4\): "Nowhere\/Else" is not an IANA time zone/,
    ],
    [{ 'output-dir': '../outside' }, /^Input 'output-dir' was "\.\.\/outside": it must be inside /],
  ])('refuses %j', (raw, message) => {
    expect(() => read(raw as Record<string, string>)).toThrow(message);
  });
});
