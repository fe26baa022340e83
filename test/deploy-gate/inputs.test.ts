// Every input rule of the deploy gate: defaults, cross-input rules and bad values named with the input.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig, splitGlobList } from '../../actions/deploy-gate/src/inputs.ts';

const SHA = 'a'.repeat(40);
const workspace = mkdtempSync(join(tmpdir(), 'gate-inputs-'));
const env = { GITHUB_WORKSPACE: workspace };
const read = (raw: Record<string, string>) => readConfig({ sha: SHA, token: 't', ...raw }, env);

describe('readConfig', () => {
  it("applies action.yml's defaults", () => {
    expect(read({})).toEqual({
      mode: 'deploy',
      sha: SHA,
      environment: 'production',
      requiredChecks: [],
      ignoreChecks: [],
      waitMs: 1_200_000,
      pollIntervalMs: 15_000,
      requiredApprovals: 0,
      blockSeverities: [],
      freeze: [],
      overrideFreeze: false,
      paths: [],
      dryRun: false,
      token: 't',
      secrets: [],
      shortHeaderValues: [],
    });
  });

  it('reads the integrity settings, masks header values, and maps severities to canonical names', () => {
    const config = read({
      'integrity-url': 'https://scores.example/latest.json',
      'integrity-path': '$.scores.mii',
      'integrity-min': '0.95',
      'integrity-warn': '.97',
      'integrity-headers': 'Authorization: Bearer abc123\nX-Tenant: 42',
      'block-severities': 'sev1, p1, critical',
      'poll-interval': '1s',
      wait: '0',
    });
    expect(config.integrity).toEqual({
      source: { kind: 'url', url: 'https://scores.example/latest.json' },
      headers: { Authorization: 'Bearer abc123', 'X-Tenant': '42' },
      path: '$.scores.mii',
      min: 0.95,
      warn: 0.97,
    });
    expect(config.secrets).toEqual(['Bearer abc123']);
    expect(config.shortHeaderValues).toEqual(['X-Tenant']);
    expect(config.blockSeverities).toEqual(['sev1', 'sev2']);
    expect(config).toMatchObject({ waitMs: 0, pollIntervalMs: 1000 });
  });

  it('takes an integrity file inside the workspace and refuses one outside', () => {
    expect(
      read({ 'integrity-url': 'out/score.json', 'integrity-path': '$.s', 'integrity-min': '1' }).integrity?.source,
    ).toEqual({
      kind: 'file',
      path: join(workspace, 'out/score.json'),
      given: 'out/score.json',
    });
    expect(() => read({ 'integrity-url': '/etc/passwd', 'integrity-path': '$.s', 'integrity-min': '1' })).toThrow(
      'Input \'integrity-url\' was "/etc/passwd": it must be inside the workspace',
    );
  });

  it('reads both kinds of freeze window', () => {
    const config = read({
      freeze:
        '- {start: "0 16 * * 5", end: "0 8 * * 1", timezone: Europe/Berlin, reason: weekend}\n- {from: 2026-12-24T00:00:00Z, to: 2026-12-27T00:00:00Z}',
    });
    expect(config.freeze).toEqual([
      { kind: 'cron', start: '0 16 * * 5', end: '0 8 * * 1', timezone: 'Europe/Berlin', reason: 'weekend' },
      { kind: 'absolute', from: new Date('2026-12-24T00:00:00Z'), to: new Date('2026-12-27T00:00:00Z') },
    ]);
  });

  it('reads a rollback with a reason and a target, without needing a sha', () => {
    expect(readConfig({ mode: 'rollback', reason: 'bad deploy', target: 'v1.2.3', token: 't' }, env)).toMatchObject({
      mode: 'rollback',
      reason: 'bad deploy',
      target: 'v1.2.3',
    });
  });

  it.each([
    [{ sha: 'abc' }, `Input 'sha' was "abc": expected a commit sha of 40 hex characters.`],
    [{ mode: 'redeploy' }, `Input 'mode' was "redeploy": expected deploy or rollback.`],
    [{ mode: '__proto__' }, `Input 'mode' was "__proto__": expected deploy or rollback.`],
    [
      { 'required-checks': 'ci / {build' },
      `Input 'required-checks' was "ci / {build": the glob "ci / {build" does not compile`,
    ],
    [{ paths: 'src/[' }, `Input 'paths' was "src/[": the glob "src/[" does not compile`],
    [{ 'integrity-url': 'https://x.example' }, "Input 'integrity-path': is required when integrity-url is set."],
    [
      { 'integrity-url': 'https://x.example', 'integrity-path': '$.s' },
      "Input 'integrity-min': is required when integrity-url is set.",
    ],
    [{ 'integrity-min': 'high' }, `Input 'integrity-min' was "high": expected a number such as 0.95.`],
    [{ 'integrity-min': '-1e400' }, `Input 'integrity-min' was "-1e400": expected a number such as 0.95.`],
    [
      { 'integrity-min': '0.9', 'integrity-headers': 'Authorization: [Bearer, xyz]' },
      "Input 'integrity-headers': Authorization (line 1): expected a text value.",
    ],
    [
      { 'integrity-min': '0.95', 'integrity-warn': '0.9' },
      `Input 'integrity-warn' was "0.9": must be at least integrity-min (0.95).`,
    ],
    [{ 'integrity-path': 'scores.mii' }, `Input 'integrity-path' was "scores.mii": expected $ followed by`],
    [{ 'poll-interval': '500ms' }, `Input 'poll-interval' was "500ms": expected at least 1s.`],
    [{ wait: '20' }, `Input 'wait' was "20": expected a number with a unit`],
    [{ wait: '30d' }, `Input 'wait' was "30d": expected at most 5d (a job runs at most 5 days).`],
    [{ 'poll-interval': '26d' }, `Input 'poll-interval' was "26d": expected at most 5d (a job runs at most 5 days).`],
    [{ 'block-severities': 'constructor' }, `"constructor" is not a severity`],
    [{ 'override-freeze': 'true' }, "Input 'reason': is required with override-freeze: say why."],
    [{ mode: 'rollback' }, "Input 'reason': is required when mode is 'rollback': say why."],
    [{ 'backup-name': 'db' }, "Input 'backup-destination': backup-destination and backup-name go together."],
    [{ 'backup-destination': 'ftp://x/y', 'backup-name': 'db' }, 'Input \'backup-destination\' was "ftp://x/y"'],
    [
      { freeze: '- {start: "0 16 * * 5", end: "0 8 * * 1", timezone: "Mars/Olympus"}' },
      `Input 'freeze': [0].timezone (line 1): "Mars/Olympus" is not an IANA time zone (e.g. Europe/Berlin)`,
    ],
    [{ target: 'main..feature' }, `Input 'target' was "main..feature": expected a commit sha or a ref, not a range.`],
    [{ 'integrity-headers': 'Authorization: Bearer sekrit\nBad Header: x' }, "Input 'integrity-headers'"],
  ])('refuses %j', (raw, message) => {
    expect(() => read(raw as Record<string, string>)).toThrow(message);
  });

  it('never echoes integrity header values in an error', () => {
    expect(() => read({ 'integrity-headers': '[Bearer sekrit]' })).toThrow(/integrity-headers/);
    try {
      read({ 'integrity-headers': '[Bearer sekrit]' });
    } catch (error) {
      expect((error as Error).message).not.toContain('sekrit');
    }
  });
});

describe('lists of names and globs', () => {
  it('splits at line breaks and at commas outside brackets', () => {
    expect(splitGlobList('build, test (ubuntu-latest, 20)\nci/{lint,types} ,[ab],c*')).toEqual([
      'build',
      'test (ubuntu-latest, 20)',
      'ci/{lint,types}',
      '[ab]',
      'c*',
    ]);
    // A line break ends an item even inside an unclosed bracket, so one typo cannot swallow the rest.
    expect(splitGlobList('a (x\nb, c')).toEqual(['a (x', 'b', 'c']);
    expect(splitGlobList(' , \n ')).toEqual([]);
  });

  it('keeps matrix check names and brace globs whole in required-checks, ignore-checks and paths', () => {
    const config = read({
      'required-checks': 'test (ubuntu-latest, 20), test (windows-latest, 22)',
      'ignore-checks': 'docs/{spell,links}',
      paths: 'src/**/*.{ts,tsx}, db/migrations/**',
    });
    expect(config.requiredChecks).toEqual(['test (ubuntu-latest, 20)', 'test (windows-latest, 22)']);
    expect(config.ignoreChecks).toEqual(['docs/{spell,links}']);
    expect(config.paths).toEqual(['src/**/*.{ts,tsx}', 'db/migrations/**']);
  });
});
