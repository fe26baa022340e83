// What a run of the backup action found and did, for outputs and the job summary.
import type { BackupManifest } from '../../../src/kernel/backup-manifest.ts';
import type { Mode } from './inputs.ts';
import type { SqlCheck } from './postgres.ts';
import type { RetentionPlan } from './retention.ts';

export interface PruneReport {
  plan: RetentionPlan;
  dryRun: boolean;
  /** Ids actually deleted (empty on a dry run). */
  deleted: string[];
  /** Guards that changed the plan, in words. */
  notes: string[];
}

export interface RowCountCheck {
  table: string;
  expected: number | null;
  found: number | null;
  ok: boolean;
}

/** `<id>.drill.json`: the record of one restore drill. */
export interface DrillRecord {
  version: 1;
  id: string;
  name: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Where it was restored: a database URL without its password, or a folder. */
  target: string;
  sha256Matches: boolean;
  rowCounts: RowCountCheck[];
  verifySql: SqlCheck[];
  files?: number;
  verdict: 'passed' | 'failed';
  problems: string[];
}

export interface VerifyReport {
  location: string;
  sha256: string;
  sizeBytes: number;
  /** What was checked, in words (e.g. "sha256 matches manifest and sidecar", "full read by pg_restore"). */
  checks: string[];
  problems: string[];
}

export interface BackupOutcome {
  mode: Mode;
  name: string;
  durationMs: number;
  /** The backup written, verified or restored. */
  manifest?: BackupManifest;
  location?: string;
  verified?: boolean;
  verify?: VerifyReport;
  prune?: PruneReport;
  drill?: DrillRecord;
  latest?: { id: string; ageSeconds: number };
  latestDrill?: { id: string; ageSeconds: number };
  /** Manifests at the destination that could not be read. */
  broken: Array<{ file: string; error: string }>;
  /** Set when the step must fail after its outputs and summary are written. */
  failure?: string;
}
