// The bundled incident action, run as the runner runs it, against the GitHub stand-in.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubStandIn, startGitHubStandIn } from '../support/github/server.ts';
import type { RepoState } from '../support/github/state.ts';
import { REPO_ROOT, type RunOptions, runActionBundle } from '../support/runner.ts';

const ACTION = join(REPO_ROOT, 'actions/incident');
let standIn: GitHubStandIn;
let repo: RepoState;

beforeEach(async () => {
  standIn = await startGitHubStandIn();
  repo = standIn.state.repo('octo-org', 'shop');
});
afterEach(async () => {
  await standIn.stop();
  expect(standIn.violations).toEqual([]);
});

function run(inputs: Record<string, string>, options: Partial<RunOptions> = {}) {
  return runActionBundle(ACTION, { inputs, apiUrl: standIn.url, ...options });
}

const writes = () => standIn.requests.filter((request) => request.method !== 'GET');
const openRecords = () => repo.openIssues().filter((issue) => issue.labels.includes('incident'));

describe('open', () => {
  it('creates the record with labels, facts and a post-mortem skeleton', async () => {
    const result = await run({
      title: 'Checkout returns 502',
      severity: 'high',
      source: 'smoke-test',
      environment: 'production',
      summary: 'healthz: status was 502, expected 2xx',
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({
      'issue-number': '1',
      'issue-url': 'https://github.com/octo-org/shop/issues/1',
      created: 'true',
      severity: 'sev2',
      'duration-seconds': '',
      'postmortem-issue-number': '',
    });
    const issue = repo.issues.get(1);
    expect(issue?.title).toBe('[SEV2] Checkout returns 502');
    expect(issue?.labels).toEqual(['incident', 'sev2', 'status:investigating', 'source:smoke-test']);
    expect(issue?.body).toContain('<!-- shipshape:fingerprint=checkout-returns-502 -->');
    expect(issue?.body).toContain('| Commit | [`');
    expect(issue?.body).toContain('(https://github.com/octo-org/shop/actions/runs/4242)');
    expect(repo.labels.get('sev2')).toMatchObject({ color: 'd93f0b', description: 'High: respond within 1 h' });
    expect(repo.labels.get('incident')?.description).toContain('Incident record');
    expect(result.summary).toContain('Incident #1 created');
    expect(result.log).not.toContain('ghs_standInToken');
  });

  it('adds a timeline comment to the open record instead of opening another', async () => {
    await run({ title: 'Checkout returns 502', summary: 'first' });
    const result = await run({ title: 'Checkout returns 502', summary: 'second sighting' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ 'issue-number': '1', created: 'false', severity: 'sev3' });
    expect(openRecords()).toHaveLength(1);
    expect(repo.issues.get(1)?.comments.map((comment) => comment.body)).toEqual([
      expect.stringContaining('second sighting'),
    ]);
    expect(result.summary).toContain('updated with a timeline entry');
  });

  it('escalates a record to a higher severity and never downgrades it', async () => {
    await run({ title: 'Payments slow', severity: 'sev3' });
    const raised = await run({ title: 'Payments slow', severity: 'p0' });
    expect(raised.outputs.severity).toBe('sev1');
    expect(repo.issues.get(1)?.title).toBe('[SEV1] Payments slow');
    expect(repo.issues.get(1)?.labels).toContain('sev1');
    expect(repo.issues.get(1)?.labels).not.toContain('sev3');
    expect(repo.issues.get(1)?.comments[0].body).toContain('Severity raised from sev3 to sev1');

    const lower = await run({ title: 'Payments slow', severity: 'low' });
    expect(lower.outputs.severity).toBe('sev1');
    expect(repo.issues.get(1)?.labels).toContain('sev1');
    expect(repo.issues.get(1)?.comments[1].body).toContain('the record stays sev1');
  });

  it('finds its record among 150 other open incidents across pages', async () => {
    for (let index = 0; index < 150; index++) {
      repo.addIssue({
        title: `[SEV3] other ${index}`,
        labels: ['incident', 'sev3'],
        body: `<!-- shipshape:fingerprint=other-${index} -->`,
      });
    }
    repo.addIssue({
      title: 'a pull request',
      labels: ['incident'],
      isPullRequest: true,
      body: '<!-- shipshape:fingerprint=db-down -->',
    });
    repo.addIssue({
      title: '[SEV2] DB down',
      labels: ['incident', 'sev2'],
      body: '<!-- shipshape:fingerprint=db-down -->',
    });
    const result = await run({ title: 'DB down', severity: 'sev2' });
    expect(result.outputs).toMatchObject({ 'issue-number': '152', created: 'false' });
    expect(standIn.countRequests('GET', /\/issues$/)).toBe(2);
    expect(repo.issues.size).toBe(152);
  });

  it('leaves existing labels exactly as the team styled them', async () => {
    repo.addLabel('incident', '000000', 'ours');
    repo.addLabel('sev3', '111111', null);
    await run({ title: 'x' });
    expect(repo.labels.get('incident')).toMatchObject({ color: '000000', description: 'ours' });
    expect(repo.labels.get('sev3')).toMatchObject({ color: '111111' });
  });

  it('makes no label writes and one list pass + create + re-list with 250 open records', async () => {
    // Records opened yesterday: the race re-list only asks for what changed since the first listing.
    standIn.state.clock = () => new Date(Date.now() - 86_400_000);
    for (let index = 0; index < 250; index++) {
      repo.addIssue({
        title: `[SEV3] r${index}`,
        labels: ['incident', 'sev3', 'status:investigating', 'source:manual'],
      });
    }
    standIn.state.clock = () => new Date();
    await run({ title: 'new one' });
    expect(standIn.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /repos/octo-org/shop/issues',
      'GET /repos/octo-org/shop/issues',
      'GET /repos/octo-org/shop/issues',
      'POST /repos/octo-org/shop/issues',
      'GET /repos/octo-org/shop/issues',
    ]);
  });

  it('ends with one open record when two runs open the same fingerprint at the same instant', async () => {
    // Both runs' first listings are answered together, so both see no record and both create one.
    standIn.barrier(2, (method, path, query) => method === 'GET' && path.endsWith('/issues') && !query.has('since'));
    const [a, b] = await Promise.all([
      run({ title: 'Queue backlog', summary: 'seen by a' }),
      run({ title: 'Queue backlog', summary: 'seen by b' }),
    ]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    expect(standIn.countRequests('POST', /\/issues$/)).toBe(2);
    const open = openRecords();
    expect(open.map((issue) => issue.number)).toEqual([1]);
    expect([a.outputs['issue-number'], b.outputs['issue-number']]).toEqual(['1', '1']);
    expect([a.outputs.created, b.outputs.created].sort()).toEqual(['false', 'true']);
    const duplicate = repo.issues.get(2);
    expect(duplicate).toMatchObject({ state: 'closed', stateReason: 'not_planned' });
    expect(duplicate?.comments.map((comment) => comment.body)).toEqual([expect.stringContaining('duplicate of #1')]);
    // The loser's signal is not lost: it is on the kept record's timeline.
    expect(repo.issues.get(1)?.comments.map((comment) => comment.body)).toEqual([
      expect.stringContaining('Seen again'),
    ]);
  });

  it('retries through a 502 and a secondary rate limit without opening a duplicate', async () => {
    standIn.failNext(1, {
      status: 502,
      body: { message: 'Server Error' },
      match: (method, path) => method === 'POST' && path.endsWith('/issues'),
    });
    standIn.secondaryRateLimitNext(1, 1, (method, path) => method === 'GET' && path.endsWith('/issues'));
    const result = await run({ title: 'Flaky API' });
    expect(result.exitCode).toBe(0);
    expect(openRecords()).toHaveLength(1);
    expect(standIn.requests.map((request) => request.status)).toContain(502);
    expect(standIn.requests.map((request) => request.status)).toContain(403);
  });

  it('closes the second record when GitHub created the first but its answer was lost (502)', async () => {
    standIn.failNext(1, {
      status: 502,
      body: { message: 'Server Error' },
      match: (method, path) => method === 'POST' && path.endsWith('/issues'),
      afterHandling: true,
    });
    const result = await run({ title: 'Lost answer' });
    expect(result.exitCode).toBe(0);
    expect(standIn.countRequests('POST', /\/issues$/)).toBe(2);
    expect(openRecords().map((issue) => issue.number)).toEqual([1]);
    expect(repo.issues.get(2)).toMatchObject({ state: 'closed', stateReason: 'not_planned' });
    expect(result.outputs).toMatchObject({ 'issue-number': '1', created: 'false' });
  });

  it('creates the record and warns when an assignee cannot be assigned', async () => {
    const result = await run({ title: 'Disk full', assignees: 'octocat, not-a-member' });
    expect(result.exitCode).toBe(0);
    expect(repo.issues.get(1)?.assignees).toEqual(['octocat']);
    expect(result.warnings.join('\n')).toContain('Could not assign not-a-member to #1');
  });
});

describe('resolve', () => {
  it('closes the record with the time to resolve and opens a review for sev1/sev2', async () => {
    await run({ title: 'Checkout returns 502', severity: 'sev1', environment: 'production', summary: 'down' });
    const result = await run({ mode: 'resolve', title: 'Checkout returns 502', resolution: 'Rolled back to v41.' });
    expect(result.exitCode).toBe(0);
    const record = repo.issues.get(1);
    expect(record?.state).toBe('closed');
    expect(record?.stateReason).toBe('completed');
    expect(record?.labels).toEqual(['incident', 'sev1', 'source:manual', 'status:resolved']);
    expect(record?.comments.at(-1)?.body).toMatch(/\*\*Time to resolve:\*\* (\d+ s|.+ \(\d+ s\)), from /);
    expect(record?.comments.at(-1)?.body).toContain('Rolled back to v41.');
    expect(result.outputs).toMatchObject({ 'issue-number': '1', severity: 'sev1', 'postmortem-issue-number': '2' });
    expect(Number(result.outputs['duration-seconds'])).toBeGreaterThanOrEqual(0);
    const review = repo.issues.get(2);
    expect(review?.labels).toEqual(['postmortem']);
    expect(review?.title).toBe('Post-incident review: [SEV1] Checkout returns 502');
    expect(review?.body).toMatch(/\*\*Due \d{4}-\d{2}-\d{2}\*\*/);
    expect(review?.body).toContain('Rolled back to v41.');
    expect(review?.body).toContain('- Environment: production');
    expect(result.summary).toContain('Incident #1 resolved');
  });

  it('opens no review for sev3 and resolves by issue number', async () => {
    await run({ title: 'Minor glitch' });
    const result = await run({ mode: 'resolve', 'issue-number': '1' });
    expect(result.outputs['postmortem-issue-number']).toBe('');
    expect(repo.issues.size).toBe(1);
    expect(repo.issues.get(1)?.state).toBe('closed');
  });

  it('warns and succeeds with empty outputs when nothing is open', async () => {
    await run({ title: 'Minor glitch' });
    await run({ mode: 'resolve', title: 'Minor glitch' });
    const before = writes().length;
    const result = await run({ mode: 'resolve', title: 'Minor glitch' });
    expect(result.exitCode).toBe(0);
    expect(result.warnings.join('\n')).toContain('nothing to resolve');
    expect(result.outputs).toEqual({
      'issue-number': '',
      'issue-url': '',
      created: 'false',
      severity: '',
      'duration-seconds': '',
      'postmortem-issue-number': '',
    });
    expect(writes().length).toBe(before);
  });
});

describe('bad input changes nothing', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'incident-ws-'));
  mkdirSync(join(workspace, '.github'), { recursive: true });
  writeFileSync(join(workspace, '.github/pm.md'), '# {{title}}\nOwner: {{owner}}\n');

  it.each([
    [{ title: 'x', severity: 'sev5' }, `Input 'severity' was "sev5": expected one of sev1, sev2, sev3, sev4`],
    [{ severity: 'sev1' }, `Input 'title': is required when mode is 'open'.`],
    [{ mode: 'resolve' }, `Input 'fingerprint': mode 'resolve' needs the record`],
    [{ mode: 'close', title: 'x' }, `Input 'mode' was "close": expected open or resolve.`],
    [{ title: 'x', fingerprint: 'a --> b' }, `Input 'fingerprint' was "a --> b"`],
    [
      { title: 'x', 'postmortem-template': '.github/missing.md' },
      `Input 'postmortem-template' was ".github/missing.md": no such file`,
    ],
    [{ title: 'x', 'postmortem-template': '.github/pm.md' }, 'unknown placeholder {{owner}} at line 2'],
    [{ mode: 'resolve', 'issue-number': 'seven' }, `Input 'issue-number' was "seven"`],
  ])('%j fails with a message naming the input and sends no request', async (inputs, message) => {
    const result = await run(inputs as Record<string, string>, { workspace });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(message);
    expect(result.log).not.toMatch(/\n\s+at /);
    expect(standIn.requests).toEqual([]);
  });

  it('says what is missing when run outside a workflow (no GITHUB_REPOSITORY)', async () => {
    const result = await run({ title: 'x' }, { env: { GITHUB_REPOSITORY: '' } });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([expect.stringContaining('GITHUB_REPOSITORY is not set')]);
    expect(result.log).not.toMatch(/\n\s+at /);
    expect(standIn.requests).toEqual([]);
  });

  it('never echoes the token', async () => {
    const result = await run({ title: 'x', severity: 'bogus', token: 'ghp_supersecretvalue' });
    expect(result.exitCode).toBe(1);
    expect(result.log).not.toContain('ghp_supersecretvalue');
  });
});
