// The runner harness runs a bundled action the way the runner does; proven on the fixture action.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubStandIn, startGitHubStandIn } from '../../src/github-standin/server.ts';
import { nodeFor, REPO_ROOT, readActionManifest, runActionBundle } from '../support/runner.ts';

const fixture = join(REPO_ROOT, 'test/fixtures/label-count');
let standIn: GitHubStandIn;

beforeEach(async () => {
  standIn = await startGitHubStandIn();
});
afterEach(async () => {
  await standIn.stop();
  expect(standIn.violations).toEqual([]);
});

describe('runner harness on the fixture action', () => {
  it('runs under the Node major that action.yml declares', () => {
    const using = readActionManifest(fixture).runs.using;
    expect(using).toBe('node24');
    expect(execFileSync(nodeFor(using), ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
  });

  it('reads an input, calls GitHub with the default token, and writes an output and a summary', async () => {
    const repo = standIn.state.repo('octo-org', 'shop');
    repo.addIssue({ title: 'a', labels: ['incident'] });
    repo.addIssue({ title: 'b', labels: ['incident', 'sev1'] });
    repo.addIssue({ title: 'c', labels: ['bug'] });
    repo.addIssue({ title: 'closed', labels: ['incident'], state: 'closed' });
    const result = await runActionBundle(fixture, { inputs: { label: 'incident' }, apiUrl: standIn.url });
    expect(result.log).not.toContain('ghs_standInToken');
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({ count: '2' });
    expect(result.summary).toContain('| incident | 2 |');
    expect(standIn.requests.map((request) => request.authorization)).toEqual(['token ghs_standInToken0123456789']);
  });

  it.each(['schedule', 'workflow_dispatch'] as const)('runs on a %s event', async (event) => {
    const result = await runActionBundle(fixture, { inputs: { label: 'incident' }, apiUrl: standIn.url, event });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.count).toBe('0');
  });

  it('fails a bad input with exit code 1, an ::error:: naming it, no stack trace and no request', async () => {
    const result = await runActionBundle(fixture, {
      inputs: { label: 'incident', 'max-pages': 'lots', wait: '10' },
      apiUrl: standIn.url,
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(`Input 'max-pages' was "lots": expected a whole number from 1 to 100.`);
    expect(result.errors[0]).toContain(`Input 'wait' was "10": expected a number with a unit`);
    expect(result.log).not.toMatch(/\n\s+at /);
    expect(standIn.requests).toEqual([]);
  });

  it('reports a GitHub refusal as a failed step without a stack trace', async () => {
    standIn.failNext(1, { status: 403, body: { message: 'Resource not accessible by integration' } });
    const result = await runActionBundle(fixture, { inputs: { label: 'incident' }, apiUrl: standIn.url });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain('failed with 403: Resource not accessible by integration');
    expect(result.log).not.toMatch(/\n\s+at /);
  });
});
