// The bundled incident action, run as the runner runs it, against the GitHub stand-in.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubStandIn, startGitHubStandIn } from '../../src/github-standin/server.ts';
import type { RepoState } from '../../src/github-standin/state.ts';
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

let nextRunId = 5000;

/** One workflow run (its own GITHUB_RUN_ID); `rerun` repeats a run's step, as "Re-run failed jobs" does. */
function run(inputs: Record<string, string>, options: Partial<RunOptions> = {}) {
  return rerun(String(nextRunId++), inputs, options);
}

function rerun(runId: string, inputs: Record<string, string>, options: Partial<RunOptions> = {}) {
  return runActionBundle(ACTION, {
    inputs,
    apiUrl: standIn.url,
    ...options,
    env: { GITHUB_RUN_ID: runId, ...options.env },
  });
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
      notified: '{}',
      acknowledged: 'false',
    });
    const issue = repo.issues.get(1);
    expect(issue?.title).toBe('[SEV2] Checkout returns 502');
    expect(issue?.labels).toEqual(['incident', 'sev2', 'status:investigating', 'source:smoke-test']);
    expect(issue?.body).toContain('<!-- shipshape:fingerprint=checkout-returns-502 -->');
    expect(issue?.body).toContain('| Commit | [`');
    expect(issue?.body).toMatch(/\(https:\/\/github\.com\/octo-org\/shop\/actions\/runs\/\d+\)/);
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
    // #1 is this run's own record (its hidden facts carry this run's update id): no "seen again".
    expect(result.outputs).toMatchObject({ 'issue-number': '1', created: 'true' });
    expect(repo.issues.get(1)?.comments).toEqual([]);
  });

  it('posts one timeline comment when GitHub did the work but the answer was lost', async () => {
    await run({ title: 'Checkout returns 502', summary: 'first' });
    standIn.failNext(1, {
      status: 502,
      body: { message: 'Server Error' },
      match: (method, path) => method === 'POST' && path.endsWith('/comments'),
      afterHandling: true,
    });
    const result = await run({ title: 'Checkout returns 502', summary: 'second sighting' });
    expect(result.exitCode).toBe(0);
    expect(standIn.countRequests('POST', /\/comments$/)).toBe(1);
    expect(repo.issues.get(1)?.comments.map((comment) => comment.body)).toEqual([
      expect.stringContaining('second sighting'),
    ]);
    expect(result.log).toContain('Comment on #1: it was written; not sending it again.');
  });

  it('adds nothing when a failed open is re-run, whichever step failed', async () => {
    await run({ title: 'Queue stuck', summary: 'first' });
    // The second run posts its comment, then fails to raise the severity.
    standIn.failNext(1, {
      status: 403,
      body: { message: 'Resource not accessible by integration' },
      match: (method, path) => method === 'PATCH' && path.endsWith('/issues/1'),
    });
    const failed = await rerun('7001', { title: 'Queue stuck', severity: 'sev1', summary: 'worse' });
    expect(failed.exitCode).toBe(1);
    const again = await rerun('7001', { title: 'Queue stuck', severity: 'sev1', summary: 'worse' });
    expect(again.exitCode).toBe(0);
    expect(again.log).toContain("already has this run's timeline entry");
    expect(repo.issues.get(1)?.comments).toHaveLength(1);
    expect(repo.issues.get(1)).toMatchObject({ title: '[SEV1] Queue stuck' });
    expect(repo.issues.get(1)?.labels).toContain('sev1');

    // A re-run of the run that created the record adds no timeline entry to it either.
    const creator = await run({ title: 'Cache cold' });
    const runId = String(nextRunId - 1);
    const rerunCreator = await rerun(runId, { title: 'Cache cold' });
    expect(rerunCreator.outputs).toMatchObject({ 'issue-number': creator.outputs['issue-number'], created: 'true' });
    expect(repo.issues.get(Number(creator.outputs['issue-number']))?.comments).toEqual([]);
  });

  it('opens three records for titles in three scripts, and resolving one closes only it', async () => {
    for (const title of ['Платежи не работают', '支付失败', 'Οι πληρωμές απέτυχαν']) {
      const result = await run({ title });
      expect(result.outputs.created).toBe('true');
    }
    expect(openRecords().map((issue) => issue.body?.split('\n')[0])).toEqual([
      '<!-- shipshape:fingerprint=платежи-не-работают -->',
      '<!-- shipshape:fingerprint=支付失败 -->',
      '<!-- shipshape:fingerprint=οι-πληρωμές-απέτυχαν -->',
    ]);
    const resolved = await run({ mode: 'resolve', title: '支付失败' });
    expect(resolved.outputs['issue-number']).toBe('2');
    expect(openRecords().map((issue) => issue.number)).toEqual([1, 3]);
  });

  it('keeps a summary carrying another record’s marker from merging, escalating or closing it', async () => {
    await run({ title: 'Payments down', severity: 'sev3', environment: 'production' });
    const forged = [
      '<!-- shipshape:fingerprint=payments-down -->',
      '<!-- shipshape:facts {"fingerprint":"payments-down","environment":"staging","detectedAt":"x"} -->',
      '| Environment | staging |',
    ].join('\n');
    const other = await run({ title: 'Search slow', severity: 'sev1', summary: forged, environment: 'eu' });
    expect(other.outputs).toMatchObject({ 'issue-number': '2', created: 'true' });
    expect(repo.issues.get(1)).toMatchObject({ title: '[SEV3] Payments down' });
    expect(repo.issues.get(1)?.comments).toEqual([]);
    expect(repo.issues.get(2)?.body).toContain('&lt;!-- shipshape:fingerprint=payments-down --&gt;');

    const resolved = await run({ mode: 'resolve', fingerprint: 'payments-down' });
    expect(resolved.outputs['issue-number']).toBe('1');
    expect(repo.issues.get(2)?.state).toBe('open');
    // The environment comes from the hidden facts block, not from text a person or a summary wrote.
    const resolvedSearch = await run({ mode: 'resolve', title: 'Search slow', resolution: 'fixed' });
    expect(resolvedSearch.outputs['postmortem-issue-number']).toBe('3');
    expect(repo.issues.get(3)?.body).toContain('- Environment: eu');
  });

  it('makes no label writes when the repository has every label, even if no record carries it', async () => {
    for (const name of ['incident', 'sev1', 'status:investigating', 'source:manual']) repo.addLabel(name, '123456');
    const result = await run({ title: 'Brand new', severity: 'sev1' });
    expect(result.exitCode).toBe(0);
    expect(standIn.countRequests('POST', /\/labels$/)).toBe(0);
    expect(standIn.countRequests('GET', /\/labels$/)).toBe(1);
    expect(repo.labels.get('sev1')?.color).toBe('123456');
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

  it('opens one review when a resolve whose close failed is re-run', async () => {
    await run({ title: 'DB down', severity: 'sev1', summary: 'primary unreachable' });
    standIn.failNext(4, {
      status: 502,
      body: { message: 'Server Error' },
      match: (method, path) => method === 'PATCH' && path.endsWith('/issues/1'),
    });
    const failed = await rerun('8001', { mode: 'resolve', title: 'DB down', resolution: 'failover' });
    expect(failed.exitCode).toBe(1);
    expect(repo.issues.get(1)?.state).toBe('open');
    const again = await rerun('8001', { mode: 'resolve', title: 'DB down', resolution: 'failover' });
    expect(again.exitCode).toBe(0);
    expect(again.log).toContain('Post-incident review #2 exists already');
    expect([...repo.issues.values()].filter((issue) => issue.labels.includes('postmortem'))).toHaveLength(1);
    expect(repo.issues.get(1)?.comments.filter((comment) => comment.body.includes('### Resolved'))).toHaveLength(1);
    expect(repo.issues.get(1)).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(again.outputs).toMatchObject({ 'issue-number': '1', 'postmortem-issue-number': '2' });
  });

  it('gives the same outputs, review number included, when a resolve that finished is re-run', async () => {
    await run({ title: 'DB down', severity: 'sev1' });
    const first = await rerun('8002', { mode: 'resolve', title: 'DB down', resolution: 'failover' });
    expect(first.exitCode).toBe(0);
    const again = await rerun(
      '8002',
      { mode: 'resolve', title: 'DB down', resolution: 'failover' },
      { env: { GITHUB_RUN_ATTEMPT: '2' } },
    );
    expect(again.exitCode).toBe(0);
    expect(again.log).toContain('This step already resolved #1 and opened review #2: nothing to change.');
    expect(again.outputs).toEqual(first.outputs);
    expect(again.outputs).toMatchObject({ 'issue-number': '1', 'postmortem-issue-number': '2' });
    expect(repo.issues.size).toBe(2);
  });

  it('finds the review instead of creating another when its answer was lost', async () => {
    await run({ title: 'DB down', severity: 'sev2' });
    standIn.failNext(1, {
      status: 502,
      body: { message: 'Server Error' },
      match: (method, path) => method === 'POST' && path.endsWith('/issues'),
      afterHandling: true,
    });
    const result = await run({ mode: 'resolve', title: 'DB down' });
    expect(result.exitCode).toBe(0);
    expect(repo.issues.size).toBe(2);
    expect(result.outputs['postmortem-issue-number']).toBe('2');
  });

  it('puts the whole timeline and every summary in the review, and logs what it did', async () => {
    await run({ title: 'API errors', severity: 'sev2', summary: 'first: 5xx at 3%' });
    await run({ title: 'API errors', severity: 'sev1', summary: 'second: 5xx at 40%' });
    const result = await run({ mode: 'resolve', title: 'API errors', resolution: 'Rolled back.' });
    const review = repo.issues.get(2)?.body ?? '';
    expect(review.split('\n')[0]).toBe('<!-- shipshape:review-of=#1 -->');
    expect(review).toContain('first: 5xx at 3%');
    expect(review).toContain('second: 5xx at 40%');
    expect(review).toMatch(/\| Opened by manual \(sev2\): first: 5xx at 3% \|/);
    expect(review).toMatch(/\| Seen again \(sev1\), raised from sev2: second: 5xx at 40% \|/);
    expect(review).toMatch(/\| Resolved: Rolled back\. \|/);
    expect(result.log).toMatch(/Resolving #1 \(sev1, fingerprint api-errors\) after \d+ s\./);
    expect(result.log).toContain('Opened post-incident review #2: https://github.com/octo-org/shop/issues/2');
    expect(result.log).toContain('Closed #1 as resolved: https://github.com/octo-org/shop/issues/1');
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
      notified: '{}',
      acknowledged: 'false',
    });
    expect(writes().length).toBe(before);
  });
});

describe('bad input changes nothing', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'incident-ws-'));
  mkdirSync(join(workspace, '.github'), { recursive: true });
  writeFileSync(join(workspace, '.github/pm.md'), '# {{title}}\nOwner: {{owner}}\n');
  symlinkSync('/etc/hostname', join(workspace, '.github/escape.md'));

  it('reads a template from the runner’s temp folder', async () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'incident-temp-'));
    writeFileSync(join(runnerTemp, 'pm.md'), '# Review of {{title}}\n{{timeline}}\n');
    await run({ title: 'Temp template', severity: 'sev2' }, { workspace });
    const result = await run(
      { mode: 'resolve', title: 'Temp template', 'postmortem-template': join(runnerTemp, 'pm.md') },
      { workspace, env: { RUNNER_TEMP: runnerTemp } },
    );
    expect(result.exitCode).toBe(0);
    expect(repo.issues.get(2)?.body).toContain('# Review of Temp template');
  });

  it.each([
    [{ title: 'x', severity: 'sev5' }, `Input 'severity' was "sev5": expected one of sev1, sev2, sev3, sev4`],
    [{ severity: 'sev1' }, `Input 'title': is required when mode is 'open'.`],
    [{ mode: 'resolve' }, `Input 'fingerprint': mode 'resolve' needs the record`],
    [{ mode: 'close', title: 'x' }, `Input 'mode' was "close": expected open, resolve, acknowledge or escalate.`],
    [{ title: 'x', fingerprint: 'a --> b' }, `Input 'fingerprint' was "a --> b"`],
    [
      { title: 'x', 'postmortem-template': '.github/missing.md' },
      `Input 'postmortem-template' was ".github/missing.md": no such file`,
    ],
    [{ title: 'x', 'postmortem-template': '.github/pm.md' }, 'unknown placeholder {{owner}} at line 2'],
    [{ mode: 'resolve', 'issue-number': 'seven' }, `Input 'issue-number' was "seven"`],
    [
      { mode: 'constructor', title: 'x' },
      `Input 'mode' was "constructor": expected open, resolve, acknowledge or escalate.`,
    ],
    [{ title: 'x', severity: '__proto__' }, `Input 'severity' was "__proto__": expected one of sev1`],
    [{ title: 'x', severity: 'toString' }, `Input 'severity' was "toString": expected one of sev1`],
    [
      { title: 'x', 'postmortem-template': '/etc/passwd' },
      `Input 'postmortem-template' was "/etc/passwd": it must be inside the workspace (`,
    ],
    [
      { title: 'x', 'postmortem-template': '.github/escape.md' },
      `Input 'postmortem-template' was ".github/escape.md" (it leads to /etc/hostname): it must be inside`,
    ],
    [{ title: 'x', 'postmortem-template': '.github' }, `Input 'postmortem-template' was ".github": that is a folder`],
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
