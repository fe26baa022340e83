// The GitHub stand-in behaves like GitHub where our actions depend on it, and the kernel's client
// copes with GitHub's failure modes (5xx, rate limits) through it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubStandIn, startGitHubStandIn } from '../../src/github-standin/server.ts';
import { createGitHubClient } from '../../src/kernel/github.ts';

let standIn: GitHubStandIn;
const quiet = { warning: () => {}, debug: () => {} };
const client = () => createGitHubClient('ghs_test', { baseUrl: standIn.url, log: quiet });
const repo = { owner: 'octo-org', repo: 'shop' };

beforeEach(async () => {
  standIn = await startGitHubStandIn();
});
afterEach(async () => {
  await standIn.stop();
});

describe('GitHub stand-in', () => {
  it('rejects a request body GitHub would reject, and records the violation', async () => {
    const response = await fetch(`${standIn.url}/repos/octo-org/shop/issues`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x', labels: 'incident' }),
    });
    expect(response.status).toBe(422);
    expect(standIn.violations).toEqual([expect.stringContaining('/labels must be array')]);
    expect(standIn.state.repo('octo-org', 'shop').issues.size).toBe(0);
  });

  it('records a call to an endpoint GitHub does not have', async () => {
    await fetch(`${standIn.url}/repos/octo-org/shop/incidents`);
    expect(standIn.violations).toEqual([expect.stringContaining('GitHub has no such endpoint')]);
  });

  it('accepts a valid request and returns a response that matches GitHub’s schema', async () => {
    const { data } = await client().rest.issues.create({ ...repo, title: 'Database down', labels: ['incident'] });
    expect(data.number).toBe(1);
    expect(data.labels).toEqual([expect.objectContaining({ name: 'incident' })]);
    expect(standIn.violations).toEqual([]);
  });

  it('adds, sets and removes an issue’s labels like GitHub', async () => {
    const github = client();
    const { data: issue } = await github.rest.issues.create({ ...repo, title: 'x', labels: ['incident'] });
    await github.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ['sev2', 'incident'] });
    expect(standIn.state.repo('octo-org', 'shop').issues.get(issue.number)?.labels).toEqual(['incident', 'sev2']);
    const { data: set } = await github.rest.issues.setLabels({ ...repo, issue_number: issue.number, labels: ['sev1'] });
    expect(set.map((label) => label.name)).toEqual(['sev1']);
    await github.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: 'sev1' });
    await expect(
      github.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: 'sev1' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect(standIn.violations).toEqual([]);
  });

  it('answers 304 to a conditional GET whose ETag still matches', async () => {
    standIn.state.repo('octo-org', 'shop').addLabel('incident', 'b60205');
    const first = await fetch(`${standIn.url}/repos/octo-org/shop/labels`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    const second = await fetch(`${standIn.url}/repos/octo-org/shop/labels`, {
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(second.status).toBe(304);
    standIn.state.repo('octo-org', 'shop').addLabel('sev1', 'b60205');
    const third = await fetch(`${standIn.url}/repos/octo-org/shop/labels`, {
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(third.status).toBe(200);
  });

  it('paginates with per_page, page and a Link header that Octokit follows', async () => {
    const state = standIn.state.repo('octo-org', 'shop');
    for (let index = 0; index < 75; index++) state.addIssue({ title: `issue ${index}`, labels: ['incident'] });
    const first = await fetch(`${standIn.url}/repos/octo-org/shop/issues?per_page=30`);
    expect(first.headers.get('link')).toContain('rel="next"');
    expect(first.headers.get('link')).toContain('page=3');
    const all = await client().paginate(client().rest.issues.listForRepo, { ...repo, per_page: 30 });
    expect(all).toHaveLength(75);
    expect(new Set(all.map((issue) => issue.number)).size).toBe(75);
    expect(standIn.countRequests('GET', /\/issues$/)).toBe(1 + 3);
    expect(standIn.violations).toEqual([]);
  });
});

describe('the kernel GitHub client through the stand-in', () => {
  it('retries through an injected 502', async () => {
    standIn.failNext(1, { status: 502, body: { message: 'Server Error' } });
    const { data } = await client().rest.issues.create({ ...repo, title: 'after a 502' });
    expect(data.title).toBe('after a 502');
    expect(standIn.requests.map((request) => request.status)).toEqual([502, 201]);
  });

  it('waits out a secondary rate limit (403 with retry-after) and retries', async () => {
    standIn.secondaryRateLimitNext(1, 1);
    const { data } = await client().rest.issues.listForRepo({ ...repo });
    expect(data).toEqual([]);
    expect(standIn.requests.map((request) => request.status)).toEqual([403, 200]);
  });

  it('waits for a primary rate limit reset and retries', async () => {
    standIn.primaryRateLimitNext(1, 1);
    await client().rest.issues.listForRepo({ ...repo });
    expect(standIn.requests.map((request) => request.status)).toEqual([403, 200]);
  });

  it('does not wait for a rate limit longer than its cap', async () => {
    standIn.secondaryRateLimitNext(1, 3600);
    const github = createGitHubClient('ghs_test', { baseUrl: standIn.url, log: quiet, maxRateLimitWaitSeconds: 5 });
    await expect(github.rest.issues.listForRepo({ ...repo })).rejects.toMatchObject({ status: 403 });
    expect(standIn.requests).toHaveLength(1);
  });

  it('never retries a 4xx that is not a rate limit', async () => {
    standIn.failNext(1, { status: 409, body: { message: 'Conflict' } });
    await expect(client().rest.issues.listForRepo({ ...repo })).rejects.toMatchObject({ status: 409 });
    await expect(client().rest.issues.get({ ...repo, issue_number: 99 })).rejects.toMatchObject({ status: 404 });
    expect(standIn.requests.map((request) => request.status)).toEqual([409, 404]);
  });
});
