// What each channel receives, built purely: PagerDuty's fields, Slack escaping, the Teams card rules
// and the webhook signature (checked against GitHub's documented example).
import { describe, expect, it } from 'vitest';
import {
  pagerDutyAction,
  pagerDutyEvent,
  slackEscape,
  slackMessage,
  TEAMS_MAX_BYTES,
  teamsCardProblems,
  teamsMessage,
  webhookSignature,
} from '../../actions/incident/src/paging/channels.ts';
import type { IncidentEvent } from '../../actions/incident/src/paging/events.ts';

const event: IncidentEvent = {
  version: 1,
  event: 'opened',
  id: 'abc',
  record: {
    number: 12,
    url: 'https://github.com/octo-org/shop/issues/12',
    title: 'Checkout returns 502',
    severity: 'sev2',
    status: 'investigating',
    fingerprint: 'checkout-returns-502',
    environment: null,
    source: 'smoke-test',
    commit: null,
    openedAt: '2026-11-25T09:42:13.000Z',
    resolvedAt: null,
    timeToResolveSeconds: null,
  },
  repository: 'octo-org/shop',
  run: { url: null },
  summary: null,
};

describe('PagerDuty', () => {
  it.each([
    ['opened', 'trigger'],
    ['updated', 'trigger'],
    ['escalated', 'trigger'],
    ['escalation', 'trigger'],
    ['acknowledged', 'acknowledge'],
    ['resolved', 'resolve'],
  ] as const)('sends %s as %s', (name, action) => {
    expect(pagerDutyAction(name)).toBe(action);
  });

  it.each([
    ['sev1', 'critical'],
    ['sev2', 'error'],
    ['sev3', 'warning'],
    ['sev4', 'info'],
  ] as const)('maps %s to %s, with the repository as source when no environment is known', (severity, expected) => {
    const sent = pagerDutyEvent({ ...event, record: { ...event.record, severity } }, 'k'.repeat(32));
    expect(sent.payload).toMatchObject({ severity: expected, source: 'octo-org/shop' });
  });

  it('clips the summary to 1024 and the key to 255 characters', () => {
    const long = {
      ...event,
      record: { ...event.record, title: 'x'.repeat(2000), url: `https://e/${'y'.repeat(300)}` },
    };
    const sent = pagerDutyEvent(long, 'k'.repeat(32)) as { dedup_key: string; payload: { summary: string } };
    expect(sent.payload.summary).toHaveLength(1024);
    expect(sent.dedup_key).toHaveLength(255);
  });

  it('sends only the key and action to acknowledge or resolve', () => {
    expect(pagerDutyEvent({ ...event, event: 'resolved' }, 'k'.repeat(32))).toEqual({
      routing_key: 'k'.repeat(32),
      event_action: 'resolve',
      dedup_key: 'https://github.com/octo-org/shop/issues/12',
    });
  });
});

describe('Slack', () => {
  it('escapes &, < and > only', () => {
    expect(slackEscape('<!here> & <@U123> "x"')).toBe('&lt;!here&gt; &amp; &lt;@U123&gt; "x"');
  });

  it('always sets text, the only part mobile notifications show', () => {
    expect(slackMessage(event).text).toBe(
      '[SEV2] Checkout returns 502 — opened (https://github.com/octo-org/shop/issues/12)',
    );
  });
});

describe('Teams', () => {
  it('builds a card that passes the card rules', () => {
    expect(teamsCardProblems(teamsMessage({ ...event, summary: 'z'.repeat(50_000) }))).toEqual([]);
  });

  it('names what Teams would drop silently', () => {
    const card = teamsMessage(event) as { attachments: Array<{ content: Record<string, unknown> }> };
    const content = card.attachments[0].content;
    const broken = {
      ...card,
      attachments: [
        {
          ...card.attachments[0],
          content: {
            ...content,
            version: '1.5',
            body: [{ type: 'TextBlock', text: '' }, { type: 'Image' }],
            actions: [{ type: 'Action.OpenUrl', title: 'x', url: 'javascript:alert(1)' }],
          },
        },
      ],
      padding: 'p'.repeat(TEAMS_MAX_BYTES),
    };
    expect(teamsCardProblems(broken)).toEqual([
      expect.stringMatching(/^the message is \d+ bytes; Teams takes at most 28672$/),
      'expected an AdaptiveCard of version 1.2',
      'body[0]: TextBlock without text',
      'body[1]: Image is not an element this card uses',
      'actions[0]: expected Action.OpenUrl with a title and an http(s) url',
    ]);
  });
});

describe('webhook signature', () => {
  it('matches GitHub’s documented X-Hub-Signature-256 example', () => {
    expect(webhookSignature('Hello, World!', "It's a Secret to Everybody")).toBe(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });
});
