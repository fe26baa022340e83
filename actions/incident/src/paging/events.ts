// What the channels are told: one versioned event about a record, built from the record and the run.
// The generic webhook sends it as it is (schema: actions/incident/webhook-event.schema.json).
import type { Severity } from '../../../../src/kernel/severity.ts';

export const EVENTS = ['opened', 'updated', 'escalated', 'acknowledged', 'resolved', 'escalation'] as const;
export type EventName = (typeof EVENTS)[number];

export const CHANNELS = ['pagerduty', 'slack', 'teams', 'webhook'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export interface RecordSnapshot {
  number: number;
  url: string;
  title: string;
  severity: Severity;
  status: 'investigating' | 'acknowledged' | 'mitigated' | 'resolved';
  fingerprint: string;
  environment: string | null;
  source: string;
  commit: string | null;
  openedAt: string;
  resolvedAt: string | null;
  timeToResolveSeconds: number | null;
}

export interface IncidentEvent {
  version: 1;
  event: EventName;
  /** Stable per record and signal: receivers deduplicate on it (also sent as `X-Shipshape-Delivery`). */
  id: string;
  record: RecordSnapshot;
  repository: string;
  run: { url: string | null };
  /** What was seen (this signal's summary), when there is one. */
  summary: string | null;
  /** Who acknowledged (acknowledged) or whom an escalation step calls (escalation). */
  acknowledgedBy?: string;
  notify?: string[];
}
