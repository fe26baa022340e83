// The incident action's inputs: one zod schema whose keys are exactly action.yml's inputs, and
// `readConfig`, which also loads the post-mortem template through the kernel's file policy.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from '../../../src/kernel/errors.ts';
import { type AllowedRoots, allowedRootsFromEnv, resolveInputPath } from '../../../src/kernel/files.ts';
import { integer, list, oneOf, parseInputs, type RawInputs, yaml } from '../../../src/kernel/inputs.ts';
import { SEVERITY_ALIASES, SEVERITY_HINT } from '../../../src/kernel/severity.ts';
import { FINGERPRINT_HINT, FINGERPRINT_PATTERN } from './fingerprint.ts';
import type { ChannelSettings } from './paging/deliver.ts';
import { EVENTS, type EventName } from './paging/events.ts';
import { type EscalationPolicy, escalationPolicySchema } from './paging/policy.ts';
import { DEFAULT_POSTMORTEM_TEMPLATE, PLACEHOLDERS, unknownPlaceholders } from './postmortem.ts';

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;
const SOURCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Inputs whose values are never echoed: masked, and `***` in every message. */
export const SECRET_INPUTS = [
  'token',
  'pagerduty-routing-key',
  'slack-webhook-url',
  'teams-webhook-url',
  'webhook-url',
  'webhook-secret',
] as const;

/** An https URL; http only for loopback (a local relay or a test server). */
function channelUrl() {
  return z.string().refine(
    (text) => {
      try {
        const url = new URL(text);
        return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
      } catch {
        return false;
      }
    },
    { message: 'expected an https:// URL (http:// only for 127.0.0.1, localhost or [::1]).' },
  );
}

const EVENT_WORDS = Object.fromEntries(EVENTS.map((event) => [event, event])) as Record<string, EventName>;

export const incidentInputSchema = z
  .object({
    mode: oneOf(
      { open: 'open', resolve: 'resolve', acknowledge: 'acknowledge', escalate: 'escalate' },
      'open, resolve, acknowledge or escalate',
    ).default('open'),
    title: z.string().max(200, 'expected at most 200 characters.').optional(),
    severity: oneOf(SEVERITY_ALIASES, SEVERITY_HINT).default('sev3'),
    fingerprint: z.string().regex(FINGERPRINT_PATTERN, `expected ${FINGERPRINT_HINT}.`).optional(),
    source: z
      .string()
      .regex(SOURCE, 'expected one word (deploy-gate, smoke-test, backup, manual or another): letters, digits, . _ -.')
      .default('manual'),
    summary: z.string().optional(),
    environment: z.string().max(100, 'expected at most 100 characters.').optional(),
    labels: list()
      .pipe(z.array(z.string().max(50, 'expected label names of at most 50 characters.')))
      .default([]),
    assignees: list()
      .pipe(z.array(z.string().regex(LOGIN, 'expected GitHub logins separated by commas or newlines.')))
      .default([]),
    'issue-number': integer({ min: 1 }).optional(),
    resolution: z.string().optional(),
    'postmortem-template': z.string().optional(),
    'pagerduty-routing-key': z
      .string()
      .regex(/^[A-Za-z0-9]{32}$/, 'expected the 32-character integration key of an Events API v2 integration.')
      .optional(),
    'pagerduty-url': channelUrl().default('https://events.pagerduty.com'),
    'slack-webhook-url': channelUrl().optional(),
    'teams-webhook-url': channelUrl().optional(),
    'webhook-url': channelUrl().optional(),
    'webhook-secret': z.string().min(16, 'expected at least 16 characters.').optional(),
    'notify-on': list()
      .pipe(z.array(z.string()))
      .transform((words, ctx) => {
        const events: EventName[] = [];
        for (const word of words) {
          const key = word.toLowerCase();
          if (!Object.hasOwn(EVENT_WORDS, key)) {
            ctx.addIssue({
              code: 'custom',
              message: `unknown event '${word}'; expected some of ${EVENTS.join(', ')}.`,
            });
            return z.NEVER;
          }
          events.push(EVENT_WORDS[key]);
        }
        return [...new Set(events)];
      })
      .default(['opened', 'escalated', 'acknowledged', 'resolved', 'escalation']),
    escalation: yaml(escalationPolicySchema).optional(),
    'acknowledged-by': z.string().max(100, 'expected at most 100 characters.').optional(),
    token: z.string(),
  })
  .superRefine((config, context) => {
    if (config.mode === 'open' && !config.title) {
      context.addIssue({ code: 'custom', path: ['title'], message: "is required when mode is 'open'." });
    }
    if (config['webhook-secret'] && !config['webhook-url']) {
      context.addIssue({
        code: 'custom',
        path: ['webhook-secret'],
        message: 'signs the generic webhook: set webhook-url too.',
      });
    }
    if (config.mode === 'resolve' && !config.fingerprint && !config.title && config['issue-number'] === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['fingerprint'],
        message: "mode 'resolve' needs the record: give fingerprint, title or issue-number.",
      });
    }
  });

export type IncidentInputs = z.output<typeof incidentInputSchema>;
export const INCIDENT_INPUT_NAMES = Object.keys(incidentInputSchema.shape);

export interface IncidentConfig extends IncidentInputs {
  /** The post-mortem template's text: the built-in one unless `postmortem-template` names a file. */
  postmortemTemplate: string;
  /** The channels that are configured, with their URLs and keys. */
  channels: ChannelSettings;
  escalationPolicy?: EscalationPolicy;
}

/** Parses inputs and loads the template; every problem is a UserError raised before any request. */
export function readConfig(raw: RawInputs, roots: AllowedRoots = allowedRootsFromEnv()): IncidentConfig {
  const inputs = parseInputs(incidentInputSchema, raw, { secrets: SECRET_INPUTS });
  return {
    ...inputs,
    postmortemTemplate: loadTemplate(inputs['postmortem-template'], roots),
    channels: channelSettings(inputs),
    escalationPolicy: inputs.escalation,
  };
}

function channelSettings(inputs: IncidentInputs): ChannelSettings {
  return {
    ...(inputs['pagerduty-routing-key']
      ? { pagerduty: { routingKey: inputs['pagerduty-routing-key'], url: inputs['pagerduty-url'] } }
      : {}),
    ...(inputs['slack-webhook-url'] ? { slack: { url: inputs['slack-webhook-url'] } } : {}),
    ...(inputs['teams-webhook-url'] ? { teams: { url: inputs['teams-webhook-url'] } } : {}),
    ...(inputs['webhook-url'] ? { webhook: { url: inputs['webhook-url'], secret: inputs['webhook-secret'] } } : {}),
  };
}

function loadTemplate(given: string | undefined, roots: AllowedRoots): string {
  if (!given) return DEFAULT_POSTMORTEM_TEMPLATE;
  const { path } = resolveInputPath('postmortem-template', given, 'readable-file', roots);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`Input 'postmortem-template' was "${given}": ${(error as Error).message}.`);
  }
  const unknown = unknownPlaceholders(text);
  if (unknown.length > 0) {
    const where = unknown.map((problem) => `{{${problem.name}}} at line ${problem.line}`).join(', ');
    throw new UserError(
      `Input 'postmortem-template' was "${given}": unknown placeholder ${where}; allowed: ${PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}.`,
    );
  }
  return text;
}
