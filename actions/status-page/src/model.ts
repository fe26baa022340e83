// The status page's data: what a check's history, the maintenance windows and the incident records
// become before any of it is rendered. Types only, shared by the decisions and the renderers.
import type { Severity } from '../../../src/kernel/severity.ts';
import type { TimeWindow } from '../../../src/kernel/windows.ts';

/** Statuspage's component states, worst last but one (maintenance is not an outage). */
export type ComponentStatus =
  | 'operational'
  | 'degraded_performance'
  | 'partial_outage'
  | 'major_outage'
  | 'under_maintenance';

/** A check as configured: its name in the samples, what people read, the incidents that affect it. */
export interface CheckSpec {
  name: string;
  title: string;
  description?: string;
  /** Incident fingerprints that affect this check (an open one raises its state). */
  fingerprints: string[];
}

/** A maintenance window: the kernel's time window with a title and the checks it applies to (empty: all). */
export type MaintenanceWindow = TimeWindow<{ title: string; checks: string[] }>;

/** One concrete occurrence of a window. */
export interface MaintenancePeriod {
  title: string;
  checks: string[];
  start: Date;
  end: Date;
}

export interface DayFigures {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  /** Every sample of the check that day, maintenance included. */
  rounds: number;
  passed: number;
  failed: number;
  /** Samples taken during maintenance: shown, not counted in uptime. */
  maintenance: number;
  /** passed / (rounds - maintenance); null when nothing counted ("no data"). */
  uptime: number | null;
}

export interface CheckStatus {
  spec: CheckSpec;
  /** File-name-safe and unique: `badge/<slug>.json`. */
  slug: string;
  status: ComponentStatus;
  /** No sample within 3 intervals of now. */
  stale: boolean;
  lastSampleAt?: string;
  lastVerdict?: 'passed' | 'failed';
  days: DayFigures[];
  /** Over the whole window; null when nothing counted. */
  uptime: number | null;
  counted: number;
  passed: number;
  /** Open incidents tied to this check by fingerprint. */
  incidents: number[];
}

export type IncidentState = 'investigating' | 'identified' | 'monitoring' | 'resolved';

export interface TimelineEntry {
  at: string;
  state: IncidentState;
  text: string;
}

export interface IncidentView {
  number: number;
  title: string;
  url: string;
  severity: Severity;
  fingerprint?: string;
  state: IncidentState;
  createdAt: string;
  resolvedAt?: string;
  reviewUrl?: string;
  reviewNumber?: number;
  timeline: TimelineEntry[];
}

export interface StatusModel {
  title: string;
  generatedAt: string;
  windowStart: string;
  days: number;
  intervalMs: number;
  status: ComponentStatus;
  /** The newest sample of any check; undefined when there is none. */
  lastSampleAt?: string;
  stale: boolean;
  checks: CheckStatus[];
  openIncidents: IncidentView[];
  pastIncidents: IncidentView[];
  /** Maintenance going on now or starting within 7 days. */
  maintenance: Array<MaintenancePeriod & { active: boolean }>;
  /** Lines in the history files that were not samples. */
  skippedLines: number;
}
