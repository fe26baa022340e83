// What a run of the incident action decided and did: the type orchestration returns and reports read.
import type { Severity } from '../../../src/kernel/severity.ts';
import type { RecordView } from './plan.ts';

export type IncidentOutcome =
  | {
      kind: 'created' | 'updated';
      record: RecordView;
      severity: Severity;
      escalatedFrom?: Severity;
      closedDuplicates: number[];
    }
  | { kind: 'resolved'; record: RecordView; severity: Severity; durationSeconds: number; review?: RecordView }
  | { kind: 'nothing-to-resolve'; fingerprint?: string; issueNumber?: number };
