// The rollback dispatch through the kernel client against the GitHub stand-in: GitHub names the run,
// a lost answer is looked for (several times over 10 s) before dispatching again (one run, never two),
// someone else's earlier run is never taken for ours, the default branch is looked up only when no
// ref is given, and every request is one GitHub would accept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchRollback } from '../../actions/smoke-test/src/dispatch.ts';
import type { RollbackSpec } from '../../actions/smoke-test/src/inputs.ts';
import { type GitHubStandIn, startGitHubStandIn } from '../../src/github-standin/server.ts';
import { createGitHubClient } from '../../src/kernel/github.ts';

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
      `GET ${RUNS}`,
      `POST ${DISPATCH}`,
    ]);
    expect(standIn.requests[2].body).toMatchObject({ return_run_details: true });
  });

  it('uses the ref it is given without asking for the default branch', async () => {
    expect(await dispatchRollback(client(), { ...rollback, ref: 'v1.4.1' }, clock())).toMatchObject({ ref: 'v1.4.1' });
    expect(standIn.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET ${RUNS}`,
      `POST ${DISPATCH}`,
    ]);
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
      `GET ${RUNS} 200`,
      `POST ${DISPATCH} 502`,
      `GET ${RUNS} 200`,
    ]);
    expect(standIn.requests[2].query).toMatch(
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
    // Looked for four times over 10 s before dispatching again.
    expect(standIn.requests.map((request) => `${request.method} ${request.status}`)).toEqual([
      'GET 200',
      'POST 502',
      'GET 200',
      'GET 200',
      'GET 200',
      'GET 200',
      'POST 200',
    ]);
  });

  it('finds a run that GitHub lists only seconds after the lost answer, and does not dispatch again', async () => {
    standIn.failNext(1, {
      status: 502,
      body: { message: 'Bad Gateway' },
      afterHandling: true,
      match: (method, path) => method === 'POST' && path === DISPATCH,
    });
    // GitHub's list lags behind the run it started: the first two looks after the 502 see nothing.
    let looks = 0;
    standIn.failNext(2, {
      status: 200,
      body: { total_count: 0, workflow_runs: [] },
      match: (method, path) => method === 'GET' && path === RUNS && looks++ > 0,
    });
    const time = clock();
    const result = await dispatchRollback(client(), { ...rollback, ref: 'main' }, time);
    const repo = standIn.state.repo('octo-org', 'shop');
    expect(repo.dispatches).toHaveLength(1);
    expect(repo.workflowRuns).toHaveLength(1);
    expect(result).toEqual({ ref: 'main', runUrl: runUrl(repo.workflowRuns[0].id) });
    expect(time.waits).toEqual([1_000, 2_000, 3_000]);
    expect(standIn.countRequests('POST')).toBe(1);
  });

  it('never takes a run someone else dispatched a moment before for ours after a lost answer', async () => {
    const repo = standIn.state.repo('octo-org', 'shop');
    repo.workflowRuns.push({
      id: 4242,
      workflowId: 'rollback.yml',
      event: 'workflow_dispatch',
      headBranch: 'main',
      createdAt: new Date(Date.now() - 20_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    standIn.failNext(1, {
      status: 502,
      body: { message: 'Bad Gateway' },
      match: (method, path) => method === 'POST' && path === DISPATCH,
    });
    const result = await dispatchRollback(client(), { ...rollback, ref: 'main' }, clock());
    expect(repo.dispatches).toHaveLength(1);
    const ours = repo.workflowRuns.find((run) => run.id !== 4242);
    expect(result).toEqual({ ref: 'main', runUrl: runUrl(ours?.id ?? -1) });
  });

  it('still dispatches when listing the earlier runs fails', async () => {
    standIn.failNext(1, {
      status: 500,
      body: { message: 'Server Error' },
      match: (method, path) => method === 'GET' && path === RUNS,
    });
    const result = await dispatchRollback(client(), { ...rollback, ref: 'main' }, clock());
    const repo = standIn.state.repo('octo-org', 'shop');
    expect(result).toEqual({ ref: 'main', runUrl: runUrl(repo.workflowRuns[0].id) });
    expect(standIn.requests.map((request) => `${request.method} ${request.status}`)).toEqual(['GET 500', 'POST 200']);
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
    expect(standIn.countRequests('GET')).toBe(1 + 3 * 4);
  });

  it('dispatches again without return_run_details when a GitHub Enterprise Server refuses the key', async () => {
    standIn.failNext(1, {
      status: 422,
      body: {
        message: 'Invalid request.\n\n"return_run_details" is not a permitted key.',
        documentation_url: 'https://docs.github.com/enterprise-server@3.14/rest/actions/workflows',
      },
      match: (method, path) => method === 'POST' && path === DISPATCH,
    });
    const result = await dispatchRollback(client(), { ...rollback, ref: 'main' }, clock());
    const repo = standIn.state.repo('octo-org', 'shop');
    expect(repo.dispatches).toHaveLength(1);
    expect(result).toEqual({ ref: 'main' });
    const posts = standIn.requests.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.status)).toEqual([422, 204]);
    expect(posts[0].body).toMatchObject({ return_run_details: true });
    expect(posts[1].body).not.toHaveProperty('return_run_details');
  });

  it('fails at once with GitHub’s 404 when the workflow file does not exist', async () => {
    await expect(
      dispatchRollback(client(), { ...rollback, workflow: 'missing.yml', ref: 'main' }, clock()),
    ).rejects.toMatchObject({ status: 404 });
    expect(standIn.requests.map((request) => request.method)).toEqual(['GET', 'POST']);
    expect(standIn.state.repo('octo-org', 'shop').dispatches).toEqual([]);
  });
});
