// The rollback dispatch through the kernel client against the GitHub stand-in: GitHub names the run,
// a lost answer is looked for before dispatching again (one run, never two), the default branch is
// looked up only when no ref is given, and every request is one GitHub would accept.
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
const DISPATCH = '/repos/octo-org/shop/actions/workflows/rollback.yml/dispatches';
const RUNS = '/repos/octo-org/shop/actions/workflows/rollback.yml/runs';

/** A clock whose waits are recorded and end at once. */
function clock() {
  const waits: number[] = [];
  return { waits, now: () => new Date(), sleep: async (ms: number) => void waits.push(ms) };
}

beforeEach(async () => {
  standIn = await startGitHubStandIn();
});
afterEach(async () => {
  await standIn.stop();
  expect(standIn.violations).toEqual([]);
});

// The client's own retries are on, as in the action: the dispatch must not use them.
const client = () => createGitHubClient('ghs_test', { baseUrl: standIn.url, log: quiet });
const runUrl = (id: number) => `https://github.com/octo-org/shop/actions/runs/${id}`;

describe('dispatchRollback', () => {
  it('dispatches on the default branch and returns the run GitHub started', async () => {
    standIn.state.repo('octo-org', 'shop').defaultBranch = 'trunk';
    const result = await dispatchRollback(client(), rollback, clock());
    const repo = standIn.state.repo('octo-org', 'shop');
    expect(repo.workflowRuns).toHaveLength(1);
    expect(result).toEqual({ ref: 'trunk', runUrl: runUrl(repo.workflowRuns[0].id) });
    expect(repo.dispatches).toEqual([
      { workflowId: 'rollback.yml', ref: 'trunk', inputs: { environment: 'production', reason: 'smoke-test tripped' } },
    ]);
    expect(standIn.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /repos/octo-org/shop',
      `POST ${DISPATCH}`,
    ]);
    expect(standIn.requests[1].body).toMatchObject({ return_run_details: true });
  });

  it('uses the ref it is given without asking for the default branch', async () => {
    expect(await dispatchRollback(client(), { ...rollback, ref: 'v1.4.1' }, clock())).toMatchObject({ ref: 'v1.4.1' });
    expect(standIn.requests.map((request) => request.method)).toEqual(['POST']);
    expect(standIn.state.repo('octo-org', 'shop').dispatches[0].ref).toBe('v1.4.1');
  });

  it('after a lost answer finds the run GitHub started, and does not dispatch again', async () => {
    standIn.failNext(1, {
      status: 502,
      body: { message: 'Bad Gateway' },
      afterHandling: true,
      match: (method, path) => method === 'POST' && path === DISPATCH,
    });
    const time = clock();
    const result = await dispatchRollback(client(), { ...rollback, ref: 'main' }, time);
    const repo = standIn.state.repo('octo-org', 'shop');
    expect(repo.dispatches).toHaveLength(1);
    expect(result).toEqual({ ref: 'main', runUrl: runUrl(repo.workflowRuns[0].id) });
    expect(time.waits).toEqual([1_000]);
    expect(standIn.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      `POST ${DISPATCH} 502`,
      `GET ${RUNS} 200`,
    ]);
    expect(standIn.requests[1].query).toMatch(
      /^\?event=workflow_dispatch&created=%3E%3D\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\dZ&per_page=20$/,
    );
  });

  it('dispatches again when the failed attempt started no run', async () => {
    standIn.failNext(1, {
      status: 502,
      body: { message: 'Bad Gateway' },
      match: (method, path) => method === 'POST' && path === DISPATCH,
    });
    const result = await dispatchRollback(client(), { ...rollback, ref: 'main' }, clock());
    const repo = standIn.state.repo('octo-org', 'shop');
    expect(repo.dispatches).toHaveLength(1);
    expect(result.runUrl).toBe(runUrl(repo.workflowRuns[0].id));
    expect(standIn.requests.map((request) => `${request.method} ${request.status}`)).toEqual([
      'POST 502',
      'GET 200',
      'POST 200',
    ]);
  });

  it('gives up after three dispatches that start nothing, with GitHub’s status', async () => {
    standIn.failNext(3, {
      status: 503,
      body: { message: 'Service Unavailable' },
      match: (method, path) => method === 'POST' && path === DISPATCH,
    });
    await expect(dispatchRollback(client(), { ...rollback, ref: 'main' }, clock())).rejects.toMatchObject({
      status: 503,
    });
    expect(standIn.countRequests('POST')).toBe(3);
    expect(standIn.countRequests('GET')).toBe(3);
  });

  it('fails at once with GitHub’s 404 when the workflow file does not exist', async () => {
    await expect(
      dispatchRollback(client(), { ...rollback, workflow: 'missing.yml', ref: 'main' }, clock()),
    ).rejects.toMatchObject({ status: 404 });
    expect(standIn.requests.map((request) => request.method)).toEqual(['POST']);
    expect(standIn.state.repo('octo-org', 'shop').dispatches).toEqual([]);
  });
});
