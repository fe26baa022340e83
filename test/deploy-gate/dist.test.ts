// The bundled deploy gate, run as the runner runs it, against the GitHub stand-in (OpenAPI-validated),
// a real local HTTP server for integrity and manifests in a temp folder.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DeployData, deploysOf } from '../../src/github-standin/routes-deploys.ts';
import { type GitHubStandIn, startGitHubStandIn } from '../../src/github-standin/server.ts';
import { REPO_ROOT, type RunOptions, runActionBundle, webhookPayload } from '../support/runner.ts';

const ACTION = join(REPO_ROOT, 'actions/deploy-gate');
const SHA = String(webhookPayload('push').after);
const BEFORE = String(webhookPayload('push').before);
let standIn: GitHubStandIn;
let deploys: DeployData;

beforeEach(async () => {
  standIn = await startGitHubStandIn();
  deploys = deploysOf(standIn.state);
});
afterEach(async () => {
  await standIn.stop();
  expect(standIn.violations).toEqual([]);
});

function run(inputs: Record<string, string>, options: Partial<RunOptions> = {}) {
  // Incidents are judged only where a test asks for them.
  return runActionBundle(ACTION, {
    inputs: { 'block-severities': '', wait: '0', 'poll-interval': '1s', ...inputs },
    apiUrl: standIn.url,
    ...options,
  });
}

const report = (outputs: Record<string, string>) =>
  JSON.parse(outputs.report) as { gates: Array<{ name: string; ok: boolean; detail: string }> };
const detailOf = (outputs: Record<string, string>, name: string) =>
  report(outputs).gates.find((gate) => gate.name === name)?.detail;
const checkPolls = () => standIn.requests.filter((request) => request.path.endsWith(`/commits/${SHA}/check-runs`));

describe('checks', () => {
  it('allows a commit whose check runs and statuses all passed', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    deploys.addCheckRun({ name: 'test', headSha: SHA, conclusion: 'skipped' });
    deploys.addStatus({ sha: SHA, context: 'ci/lint' });
    const result = await run({});
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ allowed: 'true', 'blocked-by': '', sha: SHA, 'previous-sha': '' });
    expect(report(result.outputs)).toEqual({
      sha: SHA,
      environment: 'production',
      mode: 'deploy',
      allowed: true,
      gates: [{ name: 'checks', ok: true, detail: '3 passed: build, ci/lint, test' }],
    });
    expect(result.summary).toContain('| ✅ | checks | 3 passed: build, ci/lint, test |');
    expect(result.summary).toContain('| Triggered by | octocat |');
  });

  it('blocks a red commit and names the failed check', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    deploys.addCheckRun({ name: 'test', headSha: SHA, conclusion: 'failure' });
    const result = await run({});
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ allowed: 'false', 'blocked-by': 'checks' });
    expect(detailOf(result.outputs, 'checks')).toBe('failed: test (failure)');
    expect(result.errors.join('\n')).toContain('blocked by checks');
    expect(result.summary).toMatch(
      /\| ❌ \| checks \| failed: \[test\]\(https:\/\/github\.com\/octo-org\/shop\/runs\/\d+\) \(failure\) \|/,
    );
  });

  it('lets a passing re-run clear an old failure', async () => {
    deploys.addCheckRun({ name: 'test', headSha: SHA, conclusion: 'failure', startedAt: '2026-12-01T01:00:00Z' });
    deploys.addCheckRun({ name: 'test', headSha: SHA, conclusion: 'success', startedAt: '2026-12-01T01:10:00Z' });
    const result = await run({});
    expect(result.outputs.allowed).toBe('true');
    expect(detailOf(result.outputs, 'checks')).toBe('1 passed: test');
  });

  it('waits for a required check that appears late, then allows', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    const late = setTimeout(() => deploys.addCheckRun({ name: 'e2e', headSha: SHA }), 1500);
    const result = await run({ 'required-checks': 'build, e2e', wait: '20s' });
    clearTimeout(late);
    expect(result.exitCode).toBe(0);
    expect(detailOf(result.outputs, 'checks')).toBe('2 passed: build, e2e');
    expect(checkPolls().length).toBeGreaterThanOrEqual(2);
    // Never faster than the interval.
    const times = checkPolls().map((request) => request.at);
    for (let index = 1; index < times.length; index++)
      expect(times[index] - times[index - 1]).toBeGreaterThanOrEqual(900);
  });

  it('requires matrix jobs by their full names (a comma inside the brackets) and brace globs', async () => {
    deploys.addCheckRun({ name: 'test (ubuntu-latest, 20)', headSha: SHA });
    deploys.addCheckRun({ name: 'test (windows-latest, 20)', headSha: SHA, status: 'queued', conclusion: null });
    deploys.addCheckRun({ name: 'ci/lint', headSha: SHA });
    const result = await run({ 'required-checks': 'test (ubuntu-latest, 20), ci/{lint,types}' });
    expect(result.exitCode).toBe(0);
    expect(detailOf(result.outputs, 'checks')).toBe('2 passed: ci/lint, test (ubuntu-latest, 20)');
  });

  it('blocks when a required check never appears, naming what it waited for', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    const result = await run({ 'required-checks': 'build\ndeploy-preview', wait: '2s' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs['blocked-by']).toBe('checks');
    expect(detailOf(result.outputs, 'checks')).toBe('gave up waiting for: deploy-preview (not created) (waited 2s)');
    expect(result.summary).toContain('| ⏳ | checks |');
  });

  it('blocks a commit on which no CI ran', async () => {
    const result = await run({});
    expect(result.outputs['blocked-by']).toBe('checks');
    expect(detailOf(result.outputs, 'checks')).toBe('no CI ran on this commit (no check runs or statuses appeared)');
  });

  it('reads 250 check runs and 30 statuses over every page, and judges them all', async () => {
    for (let index = 0; index < 250; index++) deploys.addCheckRun({ name: `job-${index}`, headSha: SHA });
    for (let index = 0; index < 30; index++) deploys.addStatus({ sha: SHA, context: `ci/status-${index}` });
    deploys.addCheckRun({ name: 'job-249', headSha: SHA, conclusion: 'timed_out' });
    const result = await run({});
    expect(detailOf(result.outputs, 'checks')).toBe('failed: job-249 (timed_out)');
    expect(checkPolls()).toHaveLength(3);
    expect(standIn.countRequests('GET', /\/status$/)).toBe(1);
  });

  it('judges statuses mixed with check runs, a pending status keeping the gate waiting', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    const status = deploys.addStatus({ sha: SHA, context: 'ci/deploy-preview', state: 'pending' });
    const flip = setTimeout(() => deploys.addStatus({ sha: SHA, context: status.context, state: 'error' }), 1200);
    const result = await run({ wait: '20s' });
    clearTimeout(flip);
    expect(detailOf(result.outputs, 'checks')).toBe('failed: ci/deploy-preview (error)');
    // A definite failure stops the waiting at once.
    expect(checkPolls().length).toBeLessThan(6);
  });

  it("ignores the gate's own check run in progress (by id, or by job name within this run)", async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    const own = deploys.addCheckRun({
      name: 'verify',
      headSha: SHA,
      status: 'in_progress',
      conclusion: null,
      runId: 4242,
    });
    const byId = await run({ 'check-run-id': String(own.id) });
    expect(byId.outputs.allowed).toBe('true');
    const byName = await run({});
    expect(byName.outputs.allowed).toBe('true');
    // The same job name in another workflow run is a real check.
    deploys.addCheckRun({ name: 'verify', headSha: SHA, status: 'in_progress', conclusion: null, runId: 4100 });
    const other = await run({});
    expect(detailOf(other.outputs, 'checks')).toBe('not finished: verify (in_progress)');
  });

  it('keeps polling through a 502 and a secondary rate limit', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA, status: 'in_progress', conclusion: null });
    standIn.failNext(1, {
      status: 502,
      body: { message: 'Bad gateway' },
      match: (_m, path) => path.endsWith('/check-runs'),
    });
    standIn.secondaryRateLimitNext(1, 1, (_m, path) => path.endsWith('/check-runs'));
    const finish = setTimeout(() => deploys.addCheckRun({ name: 'build', headSha: SHA }), 2500);
    const result = await run({ wait: '30s' });
    clearTimeout(finish);
    expect(result.exitCode).toBe(0);
    expect(detailOf(result.outputs, 'checks')).toBe('1 passed: build');
    expect(standIn.requests.some((request) => request.status === 502)).toBe(true);
    expect(standIn.requests.some((request) => request.status === 403)).toBe(true);
  });
});

describe('text from others', () => {
  it('shows check names, titles and reasons in the summary as text, links only https, and keeps log lines single', async () => {
    deploys.addCheckRun({ name: '<img src=x onerror=alert(1)>', headSha: SHA, conclusion: 'failure' });
    deploys.addStatus({
      sha: SHA,
      context: 'ci/[click](https://evil.example)\n::error::forged by a status',
      state: 'error',
      targetUrl: 'javascript:alert(1)',
    });
    standIn.state
      .repo('octo-org', 'shop')
      .addIssue({ title: '**urgent** <b>x</b> a\\|b', labels: ['incident', 'sev1'] });
    const result = await run({ 'block-severities': 'sev1', reason: '_why_ `now`', 'override-freeze': 'true' });
    expect(result.outputs['blocked-by']).toBe('checks,incidents');
    // The report keeps the plain text.
    expect(detailOf(result.outputs, 'checks')).toBe(
      'failed: <img src=x onerror=alert(1)> (failure), ci/[click](https://evil.example)\n::error::forged by a status (error)',
    );
    expect(result.summary).toMatch(
      /\| ❌ \| checks \| failed: \[&lt;img src=x onerror=alert\(1\)&gt;\]\(https:\/\/github\.com\/octo-org\/shop\/runs\/\d+\) \(failure\), ci\/\\\[click\\\]\(https:\/\/evil\.example\)<br>::error::forged by a status \(error\) \|/,
    );
    expect(result.summary).toContain(
      '| ❌ | incidents | open sev1 incident(s): [#1](https://github.com/octo-org/shop/issues/1) \\*\\*urgent\\*\\* &lt;b&gt;x&lt;/b&gt; a\\\\\\|b |',
    );
    expect(result.summary).toContain('| Reason | \\_why\\_ \\`now\\` |');
    expect(result.summary).not.toContain('javascript:');
    expect(result.summary).not.toMatch(/<(img|b)\b/);
    // The first poll saw the failure at once: its log line keeps the status's line break on the line.
    expect(result.log).toContain(
      'Poll 1: checks fail — failed: <img src=x onerror=alert(1)> (failure), ci/[click](https://evil.example)⏎::error::forged by a status (error)\n',
    );
    expect(result.log.split('\n').filter((line) => line.startsWith('::error::forged'))).toEqual([]);
  });

  it('keeps a forged workflow command in a pending status name on its poll log line', async () => {
    deploys.addStatus({ sha: SHA, context: 'lint\n::error::forged by a status', state: 'pending' });
    const result = await run({});
    expect(result.log).toContain('Poll 1: checks pending — waiting for: lint⏎::error::forged by a status (pending)');
    expect(result.errors.join('\n')).not.toContain('forged');
  });
});

describe('dry run', () => {
  it('judges and reports a blocked deploy without failing the step', async () => {
    deploys.addCheckRun({ name: 'test', headSha: SHA, conclusion: 'failure' });
    const result = await run({ 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ allowed: 'false', 'blocked-by': 'checks' });
    expect(result.warnings.join('\n')).toContain('blocked by checks. (dry run: the step does not fail)');
    expect(result.summary).toContain('| Dry run | yes: the step does not fail |');
  });
});

describe('approvals', () => {
  it('blocks on a change request that came after an approval, and counts approvals per reviewer', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    deploys.addPull({ number: 7, commits: [SHA] });
    deploys.addReview({ pull: 7, user: 'alice', state: 'APPROVED', submittedAt: '2026-12-01T01:00:00Z' });
    deploys.addReview({ pull: 7, user: 'bob', state: 'APPROVED', submittedAt: '2026-12-01T01:01:00Z' });
    deploys.addReview({ pull: 7, user: 'bob', state: 'CHANGES_REQUESTED', submittedAt: '2026-12-01T01:05:00Z' });
    const result = await run({ 'required-approvals': '1' });
    expect(result.outputs['blocked-by']).toBe('approvals');
    expect(detailOf(result.outputs, 'approvals')).toBe('#7: changes requested by bob; 1 of 1 approval(s) (alice)');
    expect(result.summary).toContain('[#7](https://github.com/octo-org/shop/pull/7)');
  });

  it('blocks a commit without a pull request when approvals are required', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    const result = await run({ 'required-approvals': '2' });
    expect(detailOf(result.outputs, 'approvals')).toBe('no pull request brought this commit; 2 approval(s) required');
  });
});

describe('integrity', () => {
  let server: Server;
  let body = '';
  let seenAuthorization: string | undefined;
  beforeEach(async () => {
    server = createServer((request, response) => {
      seenAuthorization = request.headers.authorization;
      response.writeHead(body === 'down' ? 503 : 200, { 'content-type': 'application/json' });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/integrity.json`;

  it('blocks below the minimum with the same words as smoke-test, sending the secret header masked', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    body = JSON.stringify({ scores: { mii: 0.91 } });
    const result = await run({
      'integrity-url': url(),
      'integrity-path': '$.scores.mii',
      'integrity-min': '0.95',
      'integrity-headers': 'Authorization: Bearer s3cr3t-integrity-token',
    });
    expect(result.outputs['blocked-by']).toBe('integrity');
    expect(detailOf(result.outputs, 'integrity')).toBe('$.scores.mii was 0.91, expected >= 0.95');
    expect(seenAuthorization).toBe('Bearer s3cr3t-integrity-token');
    expect(result.masks).toContain('Bearer s3cr3t-integrity-token');
    expect(result.log + result.summary + JSON.stringify(result.outputs)).not.toContain('s3cr3t');
  });

  it('passes with a warning between the minimum and the warn level', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    body = JSON.stringify({ scores: { mii: 0.96 } });
    const result = await run({
      'integrity-url': url(),
      'integrity-path': '$.scores.mii',
      'integrity-min': '0.95',
      'integrity-warn': '0.97',
    });
    expect(result.outputs.allowed).toBe('true');
    expect(result.warnings.join('\n')).toContain('$.scores.mii was 0.96, expected >= 0.97');
    expect(result.summary).toContain(
      '| ⚠️ | integrity | $.scores.mii was 0.96, expected &gt;= 0.97 (warning; the minimum is 0.95) |',
    );
  });

  it('fails closed when the source cannot be read or the score is missing', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    body = 'down';
    const down = await run({ 'integrity-url': url(), 'integrity-path': '$.scores.mii', 'integrity-min': '0.95' });
    expect(detailOf(down.outputs, 'integrity')).toBe(`${url()}: answered 503, expected 2xx after 3 attempts`);
    body = JSON.stringify({ scores: {} });
    const missing = await run({ 'integrity-url': url(), 'integrity-path': '$.scores.mii', 'integrity-min': '0.95' });
    expect(detailOf(missing.outputs, 'integrity')).toBe('$.scores.mii is missing, expected >= 0.95');
    // JSON.parse reads 1e999 as Infinity; no score at all.
    body = '{"scores": {"mii": 1e999}}';
    const infinite = await run({ 'integrity-url': url(), 'integrity-path': '$.scores.mii', 'integrity-min': '0.95' });
    expect(infinite.outputs['blocked-by']).toBe('integrity');
    expect(detailOf(infinite.outputs, 'integrity')).toBe('$.scores.mii was Infinity, expected a finite number >= 0.95');
    body = '{"scores": {"mii": "Infinity"}}';
    const text = await run({ 'integrity-url': url(), 'integrity-path': '$.scores.mii', 'integrity-min': '0.95' });
    expect(detailOf(text.outputs, 'integrity')).toBe('$.scores.mii was "Infinity", expected >= 0.95');
    body = 'Bearer s3cr3t-but-not-json';
    const notJson = await run({ 'integrity-url': url(), 'integrity-path': '$.scores.mii', 'integrity-min': '0.95' });
    expect(detailOf(notJson.outputs, 'integrity')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/integrity\.json: not JSON \(/);
  });

  it('reads a workspace file', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    const workspace = mkdtempSync(join(tmpdir(), 'gate-ws-'));
    writeFileSync(join(workspace, 'score.json'), JSON.stringify({ scores: { mii: 0.99 } }));
    const result = await run(
      { 'integrity-url': 'score.json', 'integrity-path': '$.scores.mii', 'integrity-min': '0.95' },
      { workspace },
    );
    expect(result.outputs.allowed).toBe('true');
    expect(detailOf(result.outputs, 'integrity')).toBe('$.scores.mii was 0.99, expected >= 0.95');
  });
});

describe('backup, incidents and freeze', () => {
  function manifest(id: string, createdAt: string, verified: boolean) {
    return {
      version: 1,
      id,
      name: 'db',
      createdAt,
      completedAt: createdAt,
      source: { type: 'postgres' },
      file: `${id}.dump.gz`,
      sizeBytes: 10,
      sha256: 'a'.repeat(64),
      compression: 'gzip',
      encryption: null,
      verified,
    };
  }

  it('judges the newest verified backup in a folder by its age', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    const workspace = mkdtempSync(join(tmpdir(), 'gate-ws-'));
    mkdirSync(join(workspace, 'backups/db'), { recursive: true });
    const now = Date.now();
    const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.000Z');
    const idAt = (ms: number) => `${new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z-abcd`;
    const fresh = now - 2 * 3_600_000;
    const newestUnverified = now - 600_000;
    writeFileSync(
      join(workspace, `backups/db/${idAt(fresh)}.manifest.json`),
      JSON.stringify(manifest(idAt(fresh), stamp(fresh), true)),
    );
    writeFileSync(
      join(workspace, `backups/db/${idAt(newestUnverified)}.manifest.json`),
      JSON.stringify(manifest(idAt(newestUnverified), stamp(newestUnverified), false)),
    );
    const ok = await run({ 'backup-destination': 'backups', 'backup-name': 'db' }, { workspace });
    expect(ok.outputs.allowed).toBe('true');
    expect(detailOf(ok.outputs, 'backup')).toMatch(
      /^newest verified backup \d{8}T\d{6}Z-abcd is 2h( \d+s)? old \(created .*\), limit 1d$/,
    );
    const stale = await run(
      { 'backup-destination': 'backups', 'backup-name': 'db', 'max-backup-age': '1h' },
      { workspace },
    );
    expect(stale.outputs['blocked-by']).toBe('backup');
  });

  it('blocks when the newest verified backup claims to be from the future', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    const workspace = mkdtempSync(join(tmpdir(), 'gate-ws-'));
    mkdirSync(join(workspace, 'backups/db'), { recursive: true });
    const id = '20990101T000000Z-abcd';
    writeFileSync(
      join(workspace, `backups/db/${id}.manifest.json`),
      JSON.stringify(manifest(id, '2099-01-01T00:00:00.000Z', true)),
    );
    const result = await run({ 'backup-destination': 'backups', 'backup-name': 'db' }, { workspace });
    expect(result.outputs['blocked-by']).toBe('backup');
    expect(detailOf(result.outputs, 'backup')).toMatch(
      /^newest verified backup 20990101T000000Z-abcd was created \d+d( \d+h)?( \d+m)?( \d+s)? in the future \(2099-01-01T00:00:00\.000Z\): its time cannot be trusted$/,
    );
  });

  it('blocks on an open sev1 incident, named with its number and link', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    const repo = standIn.state.repo('octo-org', 'shop');
    repo.addIssue({ title: '[SEV3] Slow search', labels: ['incident', 'sev3'] });
    repo.addIssue({ title: '[SEV1] Checkout down', labels: ['incident', 'sev1', 'status:investigating'] });
    const result = await run({ 'block-severities': 'sev1' });
    expect(result.outputs['blocked-by']).toBe('incidents');
    expect(detailOf(result.outputs, 'incidents')).toBe('open sev1 incident(s): #2 [SEV1] Checkout down');
    expect(result.summary).toContain('[#2](https://github.com/octo-org/shop/issues/2)');
  });

  it('blocks in an active freeze, passes an inactive one, and records an override', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    const active = `- {from: "2026-01-01T00:00:00Z", to: "2099-01-01T00:00:00Z", reason: "year-end"}`;
    const blocked = await run({ freeze: active });
    expect(blocked.outputs['blocked-by']).toBe('freeze');
    expect(detailOf(blocked.outputs, 'freeze')).toBe(
      'freeze active: 2026-01-01T00:00:00Z → 2099-01-01T00:00:00Z "year-end" until 2099-01-01T00:00:00Z',
    );
    // A cron pair whose start (every minute) is always later than its end (1 January, 00:00).
    const cron = await run({
      freeze: '- {start: "* * * * *", end: "0 0 1 1 *", timezone: Europe/Berlin, reason: always}',
    });
    expect(cron.outputs['blocked-by']).toBe('freeze');
    expect(detailOf(cron.outputs, 'freeze')).toMatch(
      /^freeze active: \* \* \* \* \* → 0 0 1 1 \* \(Europe\/Berlin\) "always" until \d{4}-12-31T23:00:00Z$/,
    );
    const inactive = await run({ freeze: '- {from: "2020-12-24T00:00:00Z", to: "2020-12-27T00:00:00Z"}' });
    expect(inactive.outputs.allowed).toBe('true');
    const overridden = await run({ freeze: active, 'override-freeze': 'true', reason: 'hotfix for checkout' });
    expect(overridden.outputs.allowed).toBe('true');
    expect(detailOf(overridden.outputs, 'freeze')).toContain('overridden by octocat: hotfix for checkout');
  });
});

describe('rollback', () => {
  it('resolves the target over five deployments of mixed outcomes and judges its checks', async () => {
    const sha = (n: number) => String(n).repeat(40);
    const at = (minute: number) => `2026-11-30T10:${String(minute).padStart(2, '0')}:00Z`;
    deploys.addDeployment({ sha: sha(1), createdAt: at(1), states: ['in_progress', 'success', 'inactive'] });
    deploys.addDeployment({ sha: sha(2), createdAt: at(2), states: ['in_progress', 'success', 'inactive'] });
    deploys.addDeployment({ sha: sha(3), createdAt: at(3), states: ['in_progress', 'failure'] });
    deploys.addDeployment({ sha: sha(4), createdAt: at(4), states: ['in_progress', 'success'] });
    deploys.addDeployment({ sha: sha(5), createdAt: at(5), states: ['in_progress', 'error'] });
    deploys.addDeployment({ sha: sha(2), createdAt: at(0), environment: 'staging', states: ['success'] });
    deploys.addCheckRun({ name: 'build', headSha: sha(2) });
    const result = await run({ mode: 'rollback', reason: 'checkout 5xx after 4444444' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ allowed: 'true', sha: sha(2), 'previous-sha': sha(4) });
    expect(report(result.outputs).gates.map((gate) => gate.name)).toEqual(['checks']);
    expect(result.summary).toContain(`https://github.com/octo-org/shop/compare/${sha(2)}...${sha(4)}`);
    expect(result.summary).toContain('| Reason | checkout 5xx after 4444444 |');
  });

  it('refuses a rollback without a reason before any request', async () => {
    const result = await run({ mode: 'rollback' });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toContain("Input 'reason': is required when mode is 'rollback'");
    expect(standIn.requests).toEqual([]);
  });
});

describe('bad input', () => {
  it.each([
    [{ 'required-checks': 'build[' }, "Input 'required-checks'"],
    [{ 'integrity-url': 'https://x.example/s.json' }, "Input 'integrity-path': is required when integrity-url is set."],
    [
      { 'integrity-url': 'https://x', 'integrity-path': '$.s', 'integrity-min': 'high' },
      'Input \'integrity-min\' was "high"',
    ],
    [{ freeze: '- {start: "0 16 * * 5", end: "0 8 * * 1", timezone: "Mars/Olympus"}' }, 'Mars/Olympus'],
    [{ freeze: '- {start: "0 25 * * 5", end: "0 8 * * 1"}' }, 'not a cron expression'],
    [{ 'override-freeze': 'true' }, "Input 'reason': is required with override-freeze"],
    [{ sha: 'abc123' }, 'Input \'sha\' was "abc123": expected a commit sha of 40 hex characters.'],
    [{ mode: 'constructor' }, 'Input \'mode\' was "constructor"'],
  ])('%j exits 1 naming the input, with no request made', async (inputs, message) => {
    const result = await run(inputs);
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toContain(message);
    expect(result.log).not.toMatch(/\n\s+at /);
    expect(standIn.requests).toEqual([]);
  });
});

describe('changed', () => {
  it('compares the commit with the active deployment and applies the path globs', async () => {
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    const active = 'a'.repeat(40);
    deploys.addDeployment({ sha: active, states: ['success'] });
    deploys.commits.set(SHA, { sha: SHA, parent: active, files: ['docs/readme.md', 'src/app.ts'] });
    const src = await run({ paths: 'src/**' });
    expect(src.outputs).toMatchObject({ changed: 'true', 'previous-sha': active });
    const migrations = await run({ paths: 'db/migrations/**' });
    expect(migrations.outputs.changed).toBe('false');
  });

  it('counts as changed when nothing is deployed and the push created the branch (before is 0000…)', async () => {
    expect(BEFORE).toBe('0'.repeat(40));
    deploys.addCheckRun({ name: 'build', headSha: SHA });
    const result = await run({ paths: 'db/migrations/**' });
    expect(result.outputs).toMatchObject({ changed: 'true', 'previous-sha': '' });
    expect(standIn.countRequests('GET', /\/compare\//)).toBe(0);
  });
});
