// What a run of the incident action decided and did: the type orchestration returns and reports read.
import type { Severity } from '../../../src/kernel/severity.ts';
import type { Delivery } from './paging/deliver.ts';
import type { RecordView } from './plan.ts';

export type IncidentOutcome = RecordOutcome & {
  /** Each channel's answer (`ok` or the error); empty when nothing was sent. */
  notified: Delivery;
};

export type RecordOutcome =
  | {
      kind: 'created' | 'updated';
      record: RecordView;
      severity: Severity;
      escalatedFrom?: Severity;
      closedDuplicates: number[];
    }
  | { kind: 'resolved'; record: RecordView; severity: Severity; durationSeconds: number; review?: RecordView }
  | { kind: 'acknowledged'; record: RecordView; severity: Severity; by: string }
  | { kind: 'swept'; sweep: SweepSummary }
  | { kind: 'no-open-record'; mode: 'resolve' | 'acknowledge'; fingerprint?: string; issueNumber?: number };

/** What an escalation sweep looked at and which steps it took. */
export interface SweepSummary {
  open: number;
  read: number;
  steps: Array<{ number: number; url: string; title: string; step: string; notify: string[] }>;
}
