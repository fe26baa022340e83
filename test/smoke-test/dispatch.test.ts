// The rollback dispatch through the kernel client against the GitHub stand-in: the default branch
// is looked up only when no ref is given, and every request is one GitHub would accept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchRollback } from '../../actions/smoke-test/src/dispatch.ts';
import type { RollbackSpec } from '../../actions/smoke-test/src/inputs.ts';
import { createGitHubClient } from '../../src/kernel/github.ts';
import { type GitHubStandIn, startGitHubStandIn } from '../support/github/server.ts';

let standIn: GitHubStandIn;
const quiet = { warning: () => {}, debug: () => {} };
const rollback: RollbackSpec = {
  workflow: 'rollback.yml',
  inputs: { environment: 'production', reason: 'smoke-test tripped' },
  owner: 'octo-org',
  repo: 'shop',
};

beforeEach(async () => {
  standIn = await startGitHubStandIn();
});
afterEach(async () => {
  await standIn.stop();
});

const client = () => createGitHubClient('ghs_test', { baseUrl: standIn.url, log: quiet, retries: 0 });

describe('dispatchRollback', () => {
  it('dispatches on the default branch, looked up from the repository', async () => {
    standIn.state.repo('octo-org', 'shop').defaultBranch = 'trunk';
    expect(await dispatchRollback(client(), rollback)).toEqual({ ref: 'trunk' });
    expect(standIn.state.repo('octo-org', 'shop').dispatches).toEqual([
      { workflowId: 'rollback.yml', ref: 'trunk', inputs: { environment: 'production', reason: 'smoke-test tripped' } },
    ]);
    expect(standIn.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /repos/octo-org/shop',
      'POST /repos/octo-org/shop/actions/workflows/rollback.yml/dispatches',
    ]);
    expect(standIn.violations).toEqual([]);
  });

  it('uses the ref it is given without asking for the default branch', async () => {
    expect(await dispatchRollback(client(), { ...rollback, ref: 'v1.4.1' })).toEqual({ ref: 'v1.4.1' });
    expect(standIn.requests.map((request) => request.method)).toEqual(['POST']);
    expect(standIn.state.repo('octo-org', 'shop').dispatches[0].ref).toBe('v1.4.1');
    expect(standIn.violations).toEqual([]);
  });

  it('fails with GitHub’s 404 when the workflow file does not exist', async () => {
    await expect(
      dispatchRollback(client(), { ...rollback, workflow: 'missing.yml', ref: 'main' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect(standIn.state.repo('octo-org', 'shop').dispatches).toEqual([]);
    expect(standIn.violations).toEqual([]);
  });
});
