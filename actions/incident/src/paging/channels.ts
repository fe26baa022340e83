// The messages each channel receives for an event, built purely: PagerDuty Events API v2, a Slack
// incoming-webhook message, a Teams Adaptive Card (checked before sending: Teams answers 202 even
// when it drops a card) and the generic webhook's signed JSON.
import { createHmac } from 'node:crypto';
import { clip } from '../../../../src/kernel/text.ts';
import type { EventName, IncidentEvent } from './events.ts';

// ---------- PagerDuty ----------

const PD_SEVERITY = { sev1: 'critical', sev2: 'error', sev3: 'warning', sev4: 'info' } as const;

export function pagerDutyAction(event: EventName): 'trigger' | 'acknowledge' | 'resolve' {
  if (event === 'acknowledged') return 'acknowledge';
  if (event === 'resolved') return 'resolve';
  return 'trigger';
}

/** One `dedup_key` for the record's whole life: its issue URL, so resolving clears the page it opened. */
export function pagerDutyEvent(event: IncidentEvent, routingKey: string): Record<string, unknown> {
  const action = pagerDutyAction(event.event);
  const base = { routing_key: routingKey, event_action: action, dedup_key: clip(event.record.url, 255) };
  if (action !== 'trigger') return base;
  const { record } = event;
  return {
    ...base,
    client: 'shipshape',
    client_url: record.url,
    payload: {
      summary: clip(`[${record.severity.toUpperCase()}] ${record.title}`, 1024),
      source: clip(record.environment ?? event.repository, 255),
      severity: PD_SEVERITY[record.severity],
      timestamp: record.openedAt,
      custom_details: {
        fingerprint: record.fingerprint,
        environment: record.environment,
        commit: record.commit,
        source: record.source,
        summary: event.summary === null ? null : clip(event.summary, 4000),
        ...(event.notify ? { notify: event.notify } : {}),
      },
    },
    links: [
      { href: record.url, text: `Incident record #${record.number}` },
      ...(event.run.url ? [{ href: event.run.url, text: 'Workflow run' }] : []),
    ],
  };
}

// ---------- Slack ----------

/** Slack's markup characters: a title can then not ping `<!channel>` nor fake a link. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const VERB: Record<EventName, string> = {
  opened: 'opened',
  updated: 'seen again',
  escalated: 'raised',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  escalation: 'not acknowledged: escalating',
};

function headline(event: IncidentEvent): string {
  const { record } = event;
  return `[${record.severity.toUpperCase()}] ${record.title} — ${VERB[event.event]}`;
}

function detailLine(event: IncidentEvent): string {
  const parts = [
    event.acknowledgedBy ? `by ${event.acknowledgedBy}` : '',
    event.notify?.length ? `calling ${event.notify.join(', ')}` : '',
    event.record.timeToResolveSeconds !== null ? `time to resolve ${event.record.timeToResolveSeconds} s` : '',
  ].filter(Boolean);
  return parts.join(' · ');
}

export function slackMessage(event: IncidentEvent): Record<string, unknown> {
  const { record } = event;
  const fields = [
    `*Severity*\n${record.severity}`,
    `*Environment*\n${slackEscape(record.environment ?? '—')}`,
    `*Source*\n${slackEscape(record.source)}`,
    `*Status*\n${record.status}`,
  ].map((text) => ({ type: 'mrkdwn', text }));
  const blocks: Array<Record<string, unknown>> = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(`*<${record.url}|#${record.number} ${slackEscape(record.title)}>* — ${VERB[event.event]}`, 3000),
      },
      fields,
    },
  ];
  const detail = detailLine(event);
  if (detail) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(clip(detail, 3000)) }] });
  if (event.summary) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(slackEscape(event.summary), 3000) } });
  }
  if (event.run.url) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${event.run.url}|Workflow run>` }] });
  }
  // `text` is what mobile notifications show; it must say everything on its own.
  return { text: clip(slackEscape(`${headline(event)} (${record.url})`), 3000), blocks };
}

// ---------- Teams ----------

/** Teams refuses (silently) messages over 28 KB. */
export const TEAMS_MAX_BYTES = 28 * 1024;

const TEAMS_COLOR = { sev1: 'attention', sev2: 'warning', sev3: 'accent', sev4: 'default' } as const;

export function teamsMessage(event: IncidentEvent): Record<string, unknown> {
  const { record } = event;
  const facts = [
    { title: 'Severity', value: record.severity },
    { title: 'Status', value: record.status },
    { title: 'Environment', value: record.environment ?? '—' },
    { title: 'Source', value: record.source },
    { title: 'Fingerprint', value: record.fingerprint },
  ];
  const detail = detailLine(event);
  const body: Array<Record<string, unknown>> = [
    {
      type: 'TextBlock',
      text: clip(headline(event), 500),
      weight: 'Bolder',
      size: 'Medium',
      color: TEAMS_COLOR[record.severity],
      wrap: true,
    },
    { type: 'FactSet', facts },
  ];
  if (detail) body.push({ type: 'TextBlock', text: clip(detail, 1000), wrap: true, isSubtle: true });
  if (event.summary) body.push({ type: 'TextBlock', text: clip(event.summary, 8000), wrap: true });
  const actions = [
    { type: 'Action.OpenUrl', title: `Open #${record.number}`, url: record.url },
    ...(event.run.url ? [{ type: 'Action.OpenUrl', title: 'Workflow run', url: event.run.url }] : []),
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.2',
          body,
          actions,
        },
      },
    ],
  };
}

/**
 * The Adaptive Card 1.2 rules for what `teamsMessage` generates (TextBlock, FactSet, Action.OpenUrl):
 * problems in words, empty when Teams will show the card. Checked before sending.
 */
export function teamsCardProblems(message: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const size = Buffer.byteLength(JSON.stringify(message));
  if (size > TEAMS_MAX_BYTES) problems.push(`the message is ${size} bytes; Teams takes at most ${TEAMS_MAX_BYTES}`);
  const attachments = message.attachments as Array<Record<string, unknown>> | undefined;
  if (message.type !== 'message' || !Array.isArray(attachments) || attachments.length !== 1) {
    return [...problems, 'expected {"type":"message","attachments":[one card]}'];
  }
  const card = attachments[0].content as Record<string, unknown> | undefined;
  if (attachments[0].contentType !== 'application/vnd.microsoft.card.adaptive' || !card) {
    return [...problems, 'the attachment is not an Adaptive Card'];
  }
  if (card.type !== 'AdaptiveCard' || card.version !== '1.2') problems.push('expected an AdaptiveCard of version 1.2');
  const body = card.body as Array<Record<string, unknown>> | undefined;
  if (!Array.isArray(body) || body.length === 0) problems.push('the card has no body');
  for (const [index, element] of (body ?? []).entries()) {
    if (element.type === 'TextBlock') {
      if (typeof element.text !== 'string' || element.text === '')
        problems.push(`body[${index}]: TextBlock without text`);
    } else if (element.type === 'FactSet') {
      const facts = element.facts as Array<Record<string, unknown>> | undefined;
      if (
        !Array.isArray(facts) ||
        facts.some((fact) => typeof fact.title !== 'string' || typeof fact.value !== 'string')
      ) {
        problems.push(`body[${index}]: FactSet facts need a string title and value`);
      }
    } else problems.push(`body[${index}]: ${String(element.type)} is not an element this card uses`);
  }
  for (const [index, action] of ((card.actions as Array<Record<string, unknown>>) ?? []).entries()) {
    if (
      action.type !== 'Action.OpenUrl' ||
      typeof action.title !== 'string' ||
      !/^https?:\/\//.test(String(action.url))
    ) {
      problems.push(`actions[${index}]: expected Action.OpenUrl with a title and an http(s) url`);
    }
  }
  return problems;
}

// ---------- generic webhook ----------

/** `sha256=<hex HMAC-SHA256 of the body>`, as GitHub signs its webhooks (`X-Hub-Signature-256`). */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
