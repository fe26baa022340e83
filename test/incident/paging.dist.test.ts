// The bundled incident action paging people: PagerDuty, Slack, Teams and a signed webhook, each
// played by a local server with the service's documented rules, the records held by the GitHub stand-in.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubStandIn, startGitHubStandIn } from '../../src/github-standin/server.ts';
import type { RepoState } from '../../src/github-standin/state.ts';
import {
  type ChannelServer,
  startPagerDuty,
  startSlack,
  startTeams,
  startWebhookReceiver,
} from '../support/paging/servers.ts';
import { REPO_ROOT, type RunOptions, runActionBundle } from '../support/runner.ts';

const ACTION = join(REPO_ROOT, 'actions/incident');
const ROUTING_KEY = 'R0ut1ngKeyR0ut1ngKeyR0ut1ngKey12';
const SECRET = 'whsec-0123456789abcdef';

let standIn: GitHubStandIn;
let repo: RepoState;
let pagerDuty: Awaited<ReturnType<typeof startPagerDuty>>;
let slack: ChannelServer;
let teams: ChannelServer;
let receiver: ChannelServer;
let nextRunId = 9000;

beforeEach(async () => {
  standIn = await startGitHubStandIn();
  repo = standIn.state.repo('octo-org', 'shop');
  [pagerDuty, slack, teams, receiver] = await Promise.all([
    startPagerDuty(),
    startSlack(),
    startTeams(),
    startWebhookReceiver(SECRET),
  ]);
});
afterEach(async () => {
  await Promise.all([standIn.stop(), pagerDuty.stop(), slack.stop(), teams.stop(), receiver.stop()]);
  expect(standIn.violations).toEqual([]);
});

function channels(): Record<string, string> {
  return {
    'pagerduty-routing-key': ROUTING_KEY,
    'pagerduty-url': pagerDuty.url,
    'slack-webhook-url': `${slack.url}/services/T000/B000/XXXXSLACKSECRET`,
    'teams-webhook-url': `${teams.url}/workflows/teamsSecretPath/triggers/manual`,
    'webhook-url': `${receiver.url}/hooks/incident`,
    'webhook-secret': SECRET,
  };
}

function run(inputs: Record<string, string>, options: Partial<RunOptions> = {}) {
  return rerun(String(nextRunId++), inputs, options);
}

function rerun(runId: string, inputs: Record<string, string>, options: Partial<RunOptions> = {}) {
  return runActionBundle(ACTION, {
    inputs: { ...channels(), ...inputs },
    apiUrl: standIn.url,
    ...options,
    env: { GITHUB_RUN_ID: runId, ...options.env },
  });
}

const secrets = [ROUTING_KEY, SECRET, 'XXXXSLACKSECRET', 'teamsSecretPath'];

function expectNoSecrets(text: string) {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('open', () => {
  it('pages every channel once, with the record’s URL as the PagerDuty dedup key', async () => {
    const result = await run({
      title: 'Checkout returns 502',
      severity: 'sev1',
      environment: 'production',
      source: 'smoke-test',
      summary: 'healthz: status was 502',
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.outputs.notified)).toEqual({ pagerduty: 'ok', slack: 'ok', teams: 'ok', webhook: 'ok' });
    const url = 'https://github.com/octo-org/shop/issues/1';

    expect(pagerDuty.accepted).toHaveLength(1);
    expect(pagerDuty.received[0].body).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: url,
      client: 'shipshape',
      client_url: url,
      payload: {
        summary: '[SEV1] Checkout returns 502',
        source: 'production',
        severity: 'critical',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        custom_details: {
          fingerprint: 'checkout-returns-502',
          environment: 'production',
          commit: expect.stringMatching(/^[0-9a-f]{40}$/),
          source: 'smoke-test',
          summary: 'healthz: status was 502',
        },
      },
      links: [
        { href: url, text: 'Incident record #1' },
        { href: expect.stringMatching(/\/actions\/runs\/\d+$/), text: 'Workflow run' },
      ],
    });

    const message = slack.accepted[0].body as { text: string; blocks: Array<Record<string, unknown>> };
    expect(message.text).toBe(`[SEV1] Checkout returns 502 — opened (${url})`);
    expect(message.blocks[0]).toMatchObject({
      type: 'section',
      text: { type: 'mrkdwn', text: `*<${url}|#1 Checkout returns 502>* — opened` },
    });

    expect(teams.received[0].problems).toEqual([]);
    expect(teams.accepted).toHaveLength(1);

    const hook = receiver.accepted[0];
    expect(hook.problems).toEqual([]);
    expect(hook.headers['x-shipshape-event']).toBe('opened');
    expect(hook.body).toMatchObject({
      version: 1,
      event: 'opened',
      record: { number: 1, url, severity: 'sev1', status: 'investigating', fingerprint: 'checkout-returns-502' },
      repository: 'octo-org/shop',
    });

    // The delivery is marked on the record itself (an edit, not a new comment), without any secret.
    expect(repo.issues.get(1)?.comments).toEqual([]);
    const body = repo.issues.get(1)?.body ?? '';
    expect(body.split('\n').at(-1)).toBe(
      '_Notified of `opened`: pagerduty delivered · slack delivered · teams delivered · webhook delivered._',
    );
    expect(standIn.countRequests('POST', /\/comments$/)).toBe(0);
    for (const text of [result.log, result.summary, JSON.stringify(result.outputs), body]) {
      expectNoSecrets(text);
    }
    expect(result.masks).toEqual(expect.arrayContaining([ROUTING_KEY, SECRET]));
    expect(result.summary).toContain('| Channel pagerduty | delivered |');
  });

  it('sends a raised severity to PagerDuty with the same key, and keeps a repeat at the same severity quiet', async () => {
    await run({ title: 'Payments slow', severity: 'sev3' });
    const same = await run({ title: 'Payments slow', severity: 'sev3' });
    expect(JSON.parse(same.outputs.notified)).toEqual({});
    const raised = await run({ title: 'Payments slow', severity: 'sev1' });
    expect(JSON.parse(raised.outputs.notified)).toEqual({ pagerduty: 'ok', slack: 'ok', teams: 'ok', webhook: 'ok' });
    expect(pagerDuty.received.map((request) => request.body)).toEqual([
      expect.objectContaining({ event_action: 'trigger', dedup_key: 'https://github.com/octo-org/shop/issues/1' }),
      expect.objectContaining({
        event_action: 'trigger',
        dedup_key: 'https://github.com/octo-org/shop/issues/1',
        payload: expect.objectContaining({ severity: 'critical', summary: '[SEV1] Payments slow' }),
      }),
    ]);
    expect((receiver.accepted[1].body as { event: string }).event).toBe('escalated');
  });

  it('escapes Slack markup so a title cannot ping the channel', async () => {
    await run({ title: 'Disk <!channel> full & <https://evil.example|click>' });
    const message = slack.accepted[0].body as { text: string };
    expect(message.text).toContain('Disk &lt;!channel&gt; full &amp; &lt;https://evil.example|click&gt;');
    expect(JSON.stringify(slack.accepted[0].body)).not.toContain('<!channel>');
  });
});

describe('resolve', () => {
  it('resolves the PagerDuty alert it opened, with the same key', async () => {
    await run({ title: 'DB down', severity: 'sev2' });
    const result = await run({ mode: 'resolve', title: 'DB down', resolution: 'Failed over.' });
    expect(result.exitCode).toBe(0);
    expect(pagerDuty.received.at(-1)?.body).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'resolve',
      dedup_key: 'https://github.com/octo-org/shop/issues/1',
    });
    expect(pagerDuty.alerts.get('https://github.com/octo-org/shop/issues/1')?.status).toBe('resolved');
    expect(receiver.accepted.at(-1)?.body).toMatchObject({
      event: 'resolved',
      summary: 'Failed over.',
      record: { status: 'resolved', resolvedAt: expect.any(String), timeToResolveSeconds: expect.any(Number) },
    });
  });
});

describe('failures are loud, and a re-run pages once', () => {
  it('fails the step naming Slack’s 404 while PagerDuty still got its event; the re-run sends only Slack', async () => {
    slack.failNext(1, { status: 404, body: 'channel_not_found' });
    const failed = await rerun('9901', { title: 'Queue stuck', severity: 'sev2' });
    expect(failed.exitCode).toBe(1);
    expect(failed.errors).toEqual(['The record is written, but a channel failed: slack: 404 channel_not_found.']);
    expect(JSON.parse(failed.outputs.notified)).toEqual({
      pagerduty: 'ok',
      slack: '404 channel_not_found',
      teams: 'ok',
      webhook: 'ok',
    });
    expect(pagerDuty.accepted).toHaveLength(1);
    expect(repo.issues.get(1)?.state).toBe('open');

    const again = await rerun('9901', { title: 'Queue stuck', severity: 'sev2' });
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.outputs.notified)).toEqual({ pagerduty: 'ok', slack: 'ok', teams: 'ok', webhook: 'ok' });
    expect(pagerDuty.received).toHaveLength(1);
    expect(teams.received).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);
    expect(slack.accepted).toHaveLength(1);
    expect(repo.issues.get(1)?.body?.match(/"kind":"delivered"/g)).toHaveLength(2);
    expect(repo.issues.get(1)?.body).toContain('slack **failed** (404 channel_not_found)');
    const third = await rerun('9901', { title: 'Queue stuck', severity: 'sev2' });
    expect(third.log).toContain('Every channel already has the opened event of #1');
    expect(slack.received).toHaveLength(2);
  });

  it('a resolve whose Slack delivery failed, re-run, sends only Slack the resolved event', async () => {
    await run({ title: 'DB down', severity: 'sev3' });
    slack.failNext(1, { status: 410, body: 'channel_is_archived' });
    const failed = await rerun('9902', { mode: 'resolve', title: 'DB down' });
    expect(failed.exitCode).toBe(1);
    expect(failed.errors[0]).toContain('slack: 410 channel_is_archived');
    expect(repo.issues.get(1)?.state).toBe('closed');
    const pages = pagerDuty.received.length;
    const again = await rerun('9902', { mode: 'resolve', title: 'DB down' }, { env: { GITHUB_RUN_ATTEMPT: '2' } });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({ 'issue-number': '1', notified: expect.stringContaining('"slack":"ok"') });
    expect(pagerDuty.received).toHaveLength(pages);
    expect(slack.accepted.map((request) => (request.body as { text: string }).text)).toEqual([
      expect.stringContaining('— opened'),
      expect.stringContaining('— resolved'),
    ]);
  });

  it('retries PagerDuty after a lost answer (PagerDuty deduplicates by key) and after a 429 with Retry-After', async () => {
    pagerDuty.failNext(1, { status: 502, body: 'Bad Gateway', afterHandling: true });
    pagerDuty.failNext(1, { status: 429, body: '{"status":"throttle"}', headers: { 'retry-after': '1' } });
    const result = await run({ title: 'API errors', severity: 'sev1' });
    expect(result.exitCode).toBe(0);
    expect(pagerDuty.received).toHaveLength(3);
    expect(pagerDuty.alerts.size).toBe(1);
    expect(pagerDuty.received[2].status).toBe(202);
    expect(result.log).toContain('pagerduty: 429 {"status":"throttle"}; trying again in 1 s.');
  });

  it('does not retry a 400 from PagerDuty and names its errors', async () => {
    pagerDuty.failNext(1, {
      status: 400,
      body: JSON.stringify({
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ['Length of dedup_key'],
      }),
    });
    const result = await run({ title: 'Bad event', severity: 'sev1' });
    expect(result.exitCode).toBe(1);
    expect(pagerDuty.received).toHaveLength(1);
    expect(result.errors[0]).toContain('pagerduty: 400 Event object is invalid; Length of dedup_key');
  });

  it.each([
    [400, 'invalid_payload'],
    [403, 'invalid_token'],
    [404, 'channel_not_found'],
    [410, 'channel_is_archived'],
  ])('fails the step loudly on Slack’s %i %s, naming it', async (code, name) => {
    slack.failNext(1, { status: code, body: name });
    const result = await run({ title: 'Cache cold', severity: 'sev1' });
    expect(result.exitCode).toBe(1);
    expect(slack.received).toHaveLength(1);
    expect(result.errors[0]).toContain(`slack: ${code} ${name}`);
    expect(JSON.parse(result.outputs.notified)).toMatchObject({ pagerduty: 'ok', slack: `${code} ${name}` });
  });

  it('retries Slack’s 429 after its Retry-After, and delivers once', async () => {
    slack.failNext(1, { status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } });
    const result = await run({ title: 'Cache cold', severity: 'sev1' });
    expect(result.exitCode).toBe(0);
    expect(slack.received).toHaveLength(2);
    expect(slack.accepted).toHaveLength(1);
    expect(JSON.parse(result.outputs.notified).slack).toBe('ok');
  });

  it('reports Slack’s named errors without retrying a 5xx', async () => {
    slack.failNext(1, { status: 500, body: 'internal_error' });
    const result = await run({ title: 'Cache cold', severity: 'sev1' });
    expect(result.exitCode).toBe(1);
    expect(slack.received).toHaveLength(1);
    expect(JSON.parse(result.outputs.notified).slack).toBe('500 internal_error');
  });
});

describe('bad channel input changes nothing', () => {
  it.each([
    [{ 'pagerduty-routing-key': 'short' }, `Input 'pagerduty-routing-key' was "***": expected the 32-character`],
    [
      { 'slack-webhook-url': 'http://hooks.slack.com/services/x' },
      `Input 'slack-webhook-url' was "***": expected an https:// URL`,
    ],
    [{ 'notify-on': 'opened,paged' }, `Input 'notify-on' was "opened,paged": unknown event 'paged'`],
    [{ 'notify-on': 'constructor' }, `Input 'notify-on' was "constructor": unknown event 'constructor'`],
    [{ escalation: 'sev5: [{after: 5m, notify: ["@a"]}]' }, "Input 'escalation': (line 1): unknown key 'sev5'"],
    [{ escalation: 'sev1: [{after: 5m}]' }, "Input 'escalation': sev1[0].notify (line 1): expected a list of @user"],
    [{ escalation: 'sev1: [{after: 5, notify: ["@a"]}]' }, "Input 'escalation': sev1[0].after (line 1): was 5:"],
    [
      { escalation: 'sev1: [{after: 5m, notify: ["acme/oncall"]}]' },
      "Input 'escalation': sev1[0].notify[0] (line 1): expected @user or @org/team.",
    ],
    [
      { 'webhook-url': '', 'webhook-secret': SECRET },
      `Input 'webhook-secret' was "***": signs the generic webhook: set webhook-url too.`,
    ],
  ])('%j fails before any request', async (inputs, message) => {
    const result = await run({ title: 'x', ...inputs });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toContain(message);
    expect(standIn.requests).toEqual([]);
    expect([pagerDuty, slack, teams, receiver].map((server) => server.received.length)).toEqual([0, 0, 0, 0]);
    expectNoSecrets(result.log);
  });
});

describe('acknowledge', () => {
  it('acknowledges from a /ack comment: label, comment, PagerDuty acknowledge with the same key', async () => {
    await run({ title: 'Checkout down', severity: 'sev1' });
    const result = await run(
      { mode: 'acknowledge' },
      { event: 'issue_comment', payload: { issue: { number: 1 } }, env: { GITHUB_ACTOR: 'hubot' } },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ 'issue-number': '1', acknowledged: 'true' });
    const record = repo.issues.get(1);
    expect(record?.labels).toEqual(['incident', 'sev1', 'source:manual', 'status:acknowledged']);
    expect(record?.comments.map((comment) => comment.body)).toEqual([
      expect.stringMatching(
        /\*\*Acknowledged\*\* by @hubot at .* UTC: escalation stops for this record\.\n\n.*\n_Notified of `acknowledged`: pagerduty delivered/,
      ),
    ]);
    expect(repo.labels.get('status:acknowledged')?.description).toBe('Incident: someone is on it (stops escalation)');
    expect(pagerDuty.received.at(-1)?.body).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'acknowledge',
      dedup_key: 'https://github.com/octo-org/shop/issues/1',
    });
    expect(pagerDuty.alerts.get('https://github.com/octo-org/shop/issues/1')?.status).toBe('acknowledged');
    expect(receiver.accepted.at(-1)?.body).toMatchObject({ event: 'acknowledged', acknowledgedBy: 'hubot' });
  });
});

describe('escalate', () => {
  const POLICY = [
    'sev1: [{after: 5m, notify: ["@acme/oncall"]}, {after: 15m, notify: ["@acme/sre-leads"]}]',
    'repeat: 1',
  ].join('\n');

  /** Moves the record's opening into the past: the same as moving the sweep's clock forward. */
  function openedMinutesAgo(number: number, minutes: number) {
    const issue = repo.issues.get(number);
    if (!issue?.body) throw new Error('no record');
    const at = new Date(Date.now() - minutes * 60_000).toISOString();
    issue.body = issue.body.replace(/"detectedAt":"[^"]+"/, `"detectedAt":"${at}"`);
  }

  const sweep = () => run({ mode: 'escalate', escalation: POLICY });
  const escalations = (number: number) =>
    (repo.issues.get(number)?.comments ?? []).filter((comment) => comment.body.includes('### Escalation'));

  it('walks the ladder through both tiers and a repeat, one step per due tier, and reads only due records', async () => {
    await run({ title: 'Checkout down', severity: 'sev1' });
    await run({ title: 'Slow search', severity: 'sev3' });
    const before = pagerDuty.received.length;

    openedMinutesAgo(1, 4);
    let result = await sweep();
    expect(result.exitCode).toBe(0);
    expect(standIn.countRequests('GET', /\/comments$/)).toBe(0);
    expect(escalations(1)).toEqual([]);

    openedMinutesAgo(1, 6);
    result = await sweep();
    expect(result.summary).toContain('Escalation sweep: 1 step');
    expect(escalations(1).map((comment) => comment.body.split('\n').slice(1, 4).join(' '))).toEqual([
      '### Escalation: step 1  Not acknowledged 5 min after it was opened. Calling @acme/oncall.',
    ]);
    expect(pagerDuty.received.slice(before).map((request) => request.body)).toEqual([
      expect.objectContaining({ event_action: 'trigger', dedup_key: 'https://github.com/octo-org/shop/issues/1' }),
    ]);
    expect(receiver.accepted.at(-1)?.body).toMatchObject({ event: 'escalation', notify: ['@acme/oncall'] });

    // A sweep with nothing new due adds nothing.
    await sweep();
    expect(escalations(1)).toHaveLength(1);

    for (const [minutes, who] of [
      [16, '@acme/sre-leads'],
      [21, '@acme/oncall'],
      [31, '@acme/sre-leads'],
    ] as const) {
      openedMinutesAgo(1, minutes);
      await sweep();
      expect(escalations(1).at(-1)?.body).toContain(`Calling ${who}.`);
    }
    openedMinutesAgo(1, 300);
    await sweep();
    expect(escalations(1)).toHaveLength(4);
    expect(escalations(2)).toEqual([]);
    expect(
      receiver.accepted.filter((request) => (request.body as { event: string }).event === 'escalation'),
    ).toHaveLength(4);
  });

  it('stops once the record is acknowledged by an assignee added by hand', async () => {
    await run({ title: 'Checkout down', severity: 'sev1' });
    repo.issues.get(1)?.assignees.push('hubot');
    openedMinutesAgo(1, 60);
    const result = await sweep();
    expect(result.summary).toContain('Escalation sweep: 0 steps');
    expect(escalations(1)).toEqual([]);
  });

  it('pages people a later open assigns instead of reading them as an acknowledgement', async () => {
    await run({ title: 'Checkout down', severity: 'sev2', assignees: 'octocat' });
    await run({ title: 'Checkout down', severity: 'sev2', assignees: 'hubot', summary: 'still failing' });
    expect(repo.issues.get(1)?.assignees).toEqual(['octocat', 'hubot']);
    openedMinutesAgo(1, 61);
    const result = await run({ mode: 'escalate' });
    expect(result.exitCode).toBe(0);
    expect(escalations(1).map((comment) => comment.body)).toEqual([
      expect.stringContaining('Calling @octocat @hubot.'),
    ]);
  });

  it('without a policy, mentions the on-call assignees once at the response target', async () => {
    await run({ title: 'Checkout down', severity: 'sev2', assignees: 'octocat' });
    openedMinutesAgo(1, 59);
    await run({ mode: 'escalate' });
    expect(escalations(1)).toEqual([]);
    openedMinutesAgo(1, 61);
    await run({ mode: 'escalate' });
    await run({ mode: 'escalate' });
    expect(escalations(1).map((comment) => comment.body)).toEqual([
      expect.stringContaining('Not acknowledged 60 min after it was opened. Calling @octocat.'),
    ]);
  });

  const claimLabels = () => [...repo.labels.values()].filter((label) => label.name.startsWith('shipshape-claim-'));
  const stepComments = () => standIn.countRequests('POST', /\/issues\/1\/comments$/);

  it('posts a step once and pages once when two sweeps run at the same moment', async () => {
    await run({ title: 'Checkout down', severity: 'sev1' });
    openedMinutesAgo(1, 6);
    const pagesBefore = pagerDuty.received.length;
    const commentsBefore = stepComments();
    // Both ask for the record's claim at the same moment: GitHub lets one create the label.
    standIn.barrier(2, (method, path) => method === 'POST' && path.endsWith('/repos/octo-org/shop/labels'));
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    expect(escalations(1)).toHaveLength(1);
    // One comment was ever posted (a deleted duplicate would still have notified its mentions).
    expect(stepComments() - commentsBefore).toBe(1);
    expect(standIn.countRequests('DELETE', /\/issues\/comments\/\d+$/)).toBe(0);
    expect(pagerDuty.received.length - pagesBefore).toBe(1);
    expect(
      receiver.accepted.filter((request) => (request.body as { event: string }).event === 'escalation'),
    ).toHaveLength(1);
    expect([a.log, b.log].join('\n')).toContain(
      '#1: another sweep is escalating it right now; leaving it to that one.',
    );
    expect(claimLabels()).toEqual([]);
  });

  it('a sweep whose Slack delivery failed, re-run, sends only Slack the step and posts nothing new', async () => {
    await run({ title: 'Checkout down', severity: 'sev1' });
    openedMinutesAgo(1, 6);
    slack.failNext(1, { status: 404, body: 'channel_not_found' });
    const failed = await rerun('9950', { mode: 'escalate', escalation: POLICY });
    expect(failed.exitCode).toBe(1);
    expect(failed.errors[0]).toContain('slack: #1: 404 channel_not_found');
    expect(escalations(1)).toHaveLength(1);
    const pages = pagerDuty.received.length;
    const slackBefore = slack.accepted.length;
    const again = await rerun('9950', { mode: 'escalate', escalation: POLICY }, { env: { GITHUB_RUN_ATTEMPT: '2' } });
    expect(again.exitCode).toBe(0);
    expect(again.log).toContain('#1: step sev1/r0/t0 did not reach every channel; sending it again.');
    expect(again.outputs.notified).toContain('"slack":"ok"');
    expect(escalations(1)).toHaveLength(1);
    expect(pagerDuty.received).toHaveLength(pages);
    const resent = slack.accepted.slice(slackBefore).map((request) => (request.body as { text: string }).text);
    expect(resent, JSON.stringify(resent)).toEqual([expect.stringContaining('escalat')]);
    // Delivered now: a third sweep sends nothing.
    const third = await run({ mode: 'escalate', escalation: POLICY });
    expect(third.exitCode).toBe(0);
    expect(slack.accepted.length - slackBefore).toBe(1);
  });

  it('stops for a record acknowledged with /ack even after its status moved on to mitigated', async () => {
    await run({ title: 'Checkout down', severity: 'sev1' });
    await run({ mode: 'acknowledge' }, { event: 'issue_comment', payload: { issue: { number: 1 } } });
    const issue = repo.issues.get(1);
    if (!issue) throw new Error('no record');
    issue.labels = issue.labels.map((label) => (label === 'status:acknowledged' ? 'status:mitigated' : label));
    openedMinutesAgo(1, 30);
    const result = await sweep();
    expect(result.exitCode).toBe(0);
    expect(escalations(1)).toEqual([]);
    // Without any status label, the /ack comment on the timeline still counts.
    issue.labels = issue.labels.filter((label) => !label.startsWith('status:'));
    await sweep();
    expect(escalations(1)).toEqual([]);
  });

  it('leaves a step to a sweep that claimed it a minute ago, and takes over a claim left stale', async () => {
    await run({ title: 'Checkout down', severity: 'sev1' });
    openedMinutesAgo(1, 6);
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    repo.addLabel('shipshape-claim-1', 'ededed', `shipshape escalation claim other-run ${at(1)}`);
    const held = await sweep();
    expect(held.exitCode).toBe(0);
    expect(held.log).toContain('#1: another sweep is escalating it right now; leaving it to that one.');
    expect(escalations(1)).toEqual([]);

    // That sweep died holding it: after five minutes the claim is stale and the next sweep takes it.
    const claim = repo.labels.get('shipshape-claim-1');
    if (!claim) throw new Error('the claim label is gone');
    claim.description = `shipshape escalation claim other-run ${at(6)}`;
    const pagesBefore = pagerDuty.received.length;
    const took = await sweep();
    expect(took.exitCode).toBe(0);
    expect(escalations(1)).toHaveLength(1);
    expect(pagerDuty.received.length - pagesBefore).toBe(1);
    expect(claimLabels()).toEqual([]);
  });

  it('holds its claim when the answer to creating it is lost, and posts the step once', async () => {
    await run({ title: 'Checkout down', severity: 'sev1' });
    openedMinutesAgo(1, 6);
    const commentsBefore = stepComments();
    standIn.failNext(1, {
      status: 502,
      afterHandling: true,
      match: (method, path) => method === 'POST' && path.endsWith('/labels'),
    });
    const result = await sweep();
    expect(result.exitCode).toBe(0);
    // The retried create met the label it had made (422); its description names this run.
    expect(standIn.countRequests('POST', /\/repos\/octo-org\/shop\/labels$/)).toBeGreaterThanOrEqual(2);
    expect(escalations(1)).toHaveLength(1);
    expect(stepComments() - commentsBefore).toBe(1);
    expect(claimLabels()).toEqual([]);
  });
});
