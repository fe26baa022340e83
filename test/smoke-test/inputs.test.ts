// The action's inputs: names exactly as in action.yml, defaults, the config file, and every
// cross-input rule stopping the action before a request is sent.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_NAMES, readConfig } from '../../actions/smoke-test/src/inputs.ts';
import { UserError } from '../../src/kernel/errors.ts';
import { allowedRootsFromEnv } from '../../src/kernel/files.ts';
import { readInputsFromEnv } from '../../src/kernel/inputs.ts';
import { REPO_ROOT, readActionManifest } from '../support/runner.ts';

const CHECKS = '- name: healthz\n  url: https://shop.example.com/healthz\n';

function env(inputs: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {
    GITHUB_WORKSPACE: '/tmp/workspace',
    GITHUB_REPOSITORY: 'octo-org/shop',
    ...extra,
  };
  for (const [name, value] of Object.entries(inputs)) out[`INPUT_${name.toUpperCase()}`] = value;
  return out;
}

/** What `run()` does: the raw inputs and the step's environment into readConfig. */
function configFromEnv({ env }: { env: Record<string, string> }) {
  return readConfig(readInputsFromEnv(INPUT_NAMES, env), { env, roots: allowedRootsFromEnv(env) });
}

function errorOf(inputs: Record<string, string>, extra: Record<string, string> = {}): string {
  try {
    configFromEnv({ env: env(inputs, extra) });
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('inputs', () => {
  it('are exactly the inputs action.yml declares', () => {
    const manifest = readActionManifest(join(REPO_ROOT, 'actions/smoke-test'));
    expect([...INPUT_NAMES].sort()).toEqual(Object.keys(manifest.inputs ?? {}).sort());
  });

  it('default as the issue says when not given', () => {
    expect(configFromEnv({ env: env({ checks: CHECKS }) })).toEqual({
      checks: [expect.objectContaining({ name: 'healthz', timeoutMs: 10_000 })],
      retries: 2,
      retryDelayMs: 1_000,
      concurrency: 8,
      watch: { windowMs: 0, intervalMs: 60_000, failureThreshold: 3 },
      secrets: [],
      unmaskedVariables: [],
    });
  });

  it('read every input', () => {
    const config = configFromEnv({
      env: env({
        checks: '- {name: a, url: /a}',
        'base-url': 'https://shop.example.com',
        timeout: '2s',
        retries: '0',
        'retry-delay': '250ms',
        concurrency: '3',
        watch: '30m',
        interval: '30s',
        'failure-threshold': '4',
        'rollback-workflow': 'rollback.yml',
        'rollback-ref': 'release',
        'rollback-inputs': '{environment: production, dry-run: false, attempt: 2}',
        junit: 'reports/smoke.xml',
        token: 'ghs_x',
      }),
    });
    expect(config).toEqual({
      checks: [expect.objectContaining({ url: 'https://shop.example.com/a', timeoutMs: 2_000 })],
      retries: 0,
      retryDelayMs: 250,
      concurrency: 3,
      watch: { windowMs: 1_800_000, intervalMs: 30_000, failureThreshold: 4 },
      rollback: {
        workflow: 'rollback.yml',
        ref: 'release',
        inputs: { environment: 'production', 'dry-run': 'false', attempt: '2' },
        owner: 'octo-org',
        repo: 'shop',
      },
      junitPath: '/tmp/workspace/reports/smoke.xml',
      token: 'ghs_x',
      secrets: [],
      unmaskedVariables: [],
    });
  });

  it('leave rollback-ref unset so the default branch is looked up only when dispatching', () => {
    const config = configFromEnv({ env: env({ checks: CHECKS, 'rollback-workflow': 'rollback.yml', token: 't' }) });
    expect(config.rollback).toEqual({ workflow: 'rollback.yml', inputs: {}, owner: 'octo-org', repo: 'shop' });
  });

  it('accept JSON for rollback-inputs', () => {
    const config = configFromEnv({
      env: env({
        checks: CHECKS,
        'rollback-workflow': 'rollback.yml',
        token: 't',
        'rollback-inputs': '{"reason": "smoke"}',
      }),
    });
    expect(config.rollback?.inputs).toEqual({ reason: 'smoke' });
  });
});

describe('the config file', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'smoke-config-'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(
    join(workspace, '.github/smoke.yml'),
    `defaults:\n  timeout: 1s\nchecks:\n${CHECKS.replace(/^/gm, '  ')}`,
  );
  writeFileSync(join(workspace, '.github/typo.yml'), '- name: healthz\n  url: /h\n  expct: {}\n');

  it('is read relative to the workspace', () => {
    const config = configFromEnv({ env: env({ config: '.github/smoke.yml' }, { GITHUB_WORKSPACE: workspace }) });
    expect(config.checks).toEqual([expect.objectContaining({ name: 'healthz', timeoutMs: 1_000 })]);
  });

  it('names itself in errors about its content', () => {
    expect(
      errorOf({ config: '.github/typo.yml', 'base-url': 'https://x.example' }, { GITHUB_WORKSPACE: workspace }),
    ).toBe(
      "Config file '.github/typo.yml': check 'healthz' (line 3): unknown key 'expct' (did you mean 'expect'?); a check takes name, url, method, headers, body, timeout, samples, follow-redirects, expect",
    );
  });

  it('must exist and stay inside the workspace or the runner’s temp folder', () => {
    expect(errorOf({ config: 'missing.yml' }, { GITHUB_WORKSPACE: workspace })).toBe(
      `Input 'config' was "missing.yml": no such file (looked in the workspace (${workspace})).`,
    );
    expect(errorOf({ config: '../outside.yml' }, { GITHUB_WORKSPACE: workspace })).toBe(
      `Input 'config' was "../outside.yml": it must be inside the workspace (${workspace}).`,
    );
    expect(errorOf({ config: '/etc/hostname' }, { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: tmpdir() })).toBe(
      `Input 'config' was "/etc/hostname": it must be inside the workspace (${workspace}) or the runner's temp folder (${tmpdir()}).`,
    );
  });

  it('says a folder is a folder', () => {
    expect(errorOf({ config: '.' }, { GITHUB_WORKSPACE: workspace })).toBe(
      `Input 'config' was ".": that is a folder, not a file.`,
    );
  });

  it('is followed through a symlink, and refused when the link leads outside', () => {
    symlinkSync('/etc/hostname', join(workspace, 'link.yml'));
    expect(errorOf({ config: 'link.yml' }, { GITHUB_WORKSPACE: workspace })).toBe(
      `Input 'config' was "link.yml" (it leads to /etc/hostname): it must be inside the workspace (${workspace}).`,
    );
  });
});

describe('the junit path', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'smoke-junit-'));
  mkdirSync(join(workspace, 'reports'));
  writeFileSync(join(workspace, 'notes.txt'), 'a file, not a folder');
  const junit = (path: string) => ({ checks: CHECKS, junit: path });
  const inWorkspace = { GITHUB_WORKSPACE: workspace };

  it('is a file inside the workspace, whose folders are created when missing', () => {
    expect(configFromEnv({ env: env(junit('reports/smoke.xml'), inWorkspace) }).junitPath).toBe(
      join(workspace, 'reports/smoke.xml'),
    );
    expect(configFromEnv({ env: env(junit('new/deep/smoke.xml'), inWorkspace) }).junitPath).toBe(
      join(workspace, 'new/deep/smoke.xml'),
    );
  });

  it('may be in the runner’s temp folder', () => {
    const temp = mkdtempSync(join(tmpdir(), 'smoke-runner-temp-'));
    expect(
      configFromEnv({ env: env(junit(join(temp, 'smoke.xml')), { ...inWorkspace, RUNNER_TEMP: temp }) }).junitPath,
    ).toBe(join(temp, 'smoke.xml'));
  });

  it.each([
    ['/', 'that is a folder; name a file, e.g. /smoke.xml.'],
    ['reports', 'that is a folder; name a file, e.g. reports/report.xml.'],
    ['.', 'that is a folder; name a file, e.g. ./report.xml.'],
    ['out/', 'that is a folder; name a file, e.g. out/smoke.xml.'],
    ['../smoke.xml', `it must be inside the workspace (${workspace}).`],
    ['/tmp/smoke.xml', `it must be inside the workspace (${workspace}).`],
    ['notes.txt/smoke.xml', `${workspace}/notes.txt is a file, not a folder.`],
  ])('refuses %j', (path, message) => {
    expect(errorOf(junit(path), inWorkspace)).toBe(`Input 'junit' was "${path}": ${message}`);
  });
});

describe('bad inputs', () => {
  it('needs checks or config, and not both', () => {
    expect(errorOf({})).toBe("Input 'checks': required: the checks as YAML, or a YAML file in 'config'.");
    expect(errorOf({ checks: CHECKS, config: 'smoke.yml' })).toBe(
      `Input 'config' was "smoke.yml": give either 'checks' or 'config', not both.`,
    );
  });

  it('names the check and the field for a bad check', () => {
    expect(errorOf({ checks: '- name: healthz\n  url: /healthz\n' })).toBe(
      `Input 'checks': check 'healthz', field url (line 2): "/healthz" is relative and the base-url input is not set: set base-url or write an absolute URL`,
    );
  });

  it('lists several bad checks one per line', () => {
    expect(errorOf({ checks: '- {name: a, url: /a}\n- {name: a, url: "ftp://b"}\n' }).split('\n')).toEqual([
      "Input 'checks':",
      `- check 'a', field url (line 1): "/a" is relative and the base-url input is not set: set base-url or write an absolute URL`,
      `- check 'a', field url (line 2): "ftp://b" is not an http or https URL`,
    ]);
  });

  it.each([
    [{ timeout: '10' }, `Input 'timeout' was "10": expected a number with a unit`],
    [{ timeout: '0' }, `Input 'timeout' was "0": a timeout must be more than 0.`],
    [{ 'retry-delay': '1' }, `Input 'retry-delay' was "1": expected a number with a unit`],
    [{ interval: '60' }, `Input 'interval' was "60": expected a number with a unit`],
    [{ interval: '500ms', watch: '10s' }, `Input 'interval' was "500ms": an interval must be at least 1s.`],
    [{ retries: '-1' }, `Input 'retries' was "-1": expected a whole number from 0 to 10.`],
    [{ concurrency: '0' }, `Input 'concurrency' was "0": expected a whole number from 1 to 100.`],
    [{ 'failure-threshold': 'three' }, `Input 'failure-threshold' was "three": expected a whole number`],
    [{ 'base-url': 'shop.example.com' }, `Input 'base-url' was "shop.example.com": expected an absolute http(s) URL`],
    [
      { 'base-url': 'ftp://shop.example.com' },
      `Input 'base-url' was "ftp://shop.example.com": expected an absolute http(s) URL`,
    ],
  ])('refuses %j', (inputs, message) => {
    expect(errorOf({ checks: CHECKS, ...inputs })).toContain(message);
  });

  it.each([
    ['timeout', '25d', '5m'],
    ['retry-delay', '2m', '1m'],
    ['watch', '6d', '5d'],
    ['interval', '25d', '5d'],
  ])('refuses %s %j above its bound, naming the bound (Node timers overflow at 2^31 ms)', (input, value, bound) => {
    expect(errorOf({ checks: CHECKS, [input]: value })).toBe(
      `Input '${input}' was "${value}": expected at most ${bound}.`,
    );
  });

  it('refuses a watch shorter than the interval', () => {
    expect(errorOf({ checks: CHECKS, watch: '30s' })).toBe(
      `Input 'watch' was "30s": shorter than the interval (1m): make it at least the interval, or 0 for one round.`,
    );
    expect(configFromEnv({ env: env({ checks: CHECKS, watch: '60s', 'failure-threshold': '1' }) }).watch.windowMs).toBe(
      60_000,
    );
  });

  it('refuses a failure threshold the watch could never reach', () => {
    expect(errorOf({ checks: CHECKS, watch: '2m' })).toBe(
      "Input 'failure-threshold': 3 failed rounds in a row can never happen in a watch of 2 rounds (2m, one every 1m): lower it or lengthen the watch.",
    );
    expect(configFromEnv({ env: env({ checks: CHECKS, watch: '3m' }) }).watch).toEqual({
      windowMs: 180_000,
      intervalMs: 60_000,
      failureThreshold: 3,
    });
  });

  it('refuses a rollback without a token or a repository', () => {
    expect(errorOf({ checks: CHECKS, 'rollback-workflow': 'rollback.yml' })).toBe(
      "Input 'token': required to dispatch 'rollback-workflow'.",
    );
    expect(
      errorOf({ checks: CHECKS, 'rollback-workflow': 'rollback.yml', token: 't' }, { GITHUB_REPOSITORY: '' }),
    ).toContain('needs GITHUB_REPOSITORY');
  });

  it('refuses rollback-inputs that are not a mapping of text, with the line', () => {
    expect(errorOf({ checks: CHECKS, 'rollback-inputs': 'environment: [a, b]' })).toBe(
      "Input 'rollback-inputs': environment (line 1): expected text",
    );
    expect(errorOf({ checks: CHECKS, 'rollback-inputs': '- a\n- b' })).toContain("Input 'rollback-inputs'");
    expect(errorOf({ checks: CHECKS, 'rollback-inputs': '{a: 1' })).toContain('YAML syntax error at line 1');
  });

  it.each([
    [
      '.github/workflows/rollback.yml',
      'expected a workflow file name like rollback.yml, not a path: write "rollback.yml".',
    ],
    [
      'rollback',
      'expected a workflow file name like rollback.yml (ending in .yml or .yaml, no path), or a numeric workflow id.',
    ],
    [
      'Roll Back.yml',
      'expected a workflow file name like rollback.yml (ending in .yml or .yaml, no path), or a numeric workflow id.',
    ],
    ['../rollback.yaml', 'expected a workflow file name like rollback.yml, not a path: write "rollback.yaml".'],
  ])('refuses rollback-workflow %j', (workflow, message) => {
    expect(errorOf({ checks: CHECKS, 'rollback-workflow': workflow, token: 't' })).toBe(
      `Input 'rollback-workflow' was "${workflow}": ${message}`,
    );
  });

  it.each(['rollback.yml', 'roll-back_2.yaml', '161335'])('takes rollback-workflow %j', (workflow) => {
    expect(
      configFromEnv({ env: env({ checks: CHECKS, 'rollback-workflow': workflow, token: 't' }) }).rollback?.workflow,
    ).toBe(workflow);
  });

  it('never echoes the token', () => {
    expect(errorOf({ checks: CHECKS, token: 'ghs_secret', timeout: 'x' })).not.toContain('ghs_secret');
  });
});
