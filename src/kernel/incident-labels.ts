// The labels an incident record carries, with the colour and description they are created with: the
// vocabulary actions/incident writes and actions/deploy-gate reads.
import { SEVERITIES, SEVERITY_INFO, type Severity } from './severity.ts';

export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

export const INCIDENT_LABEL = 'incident';
export const POSTMORTEM_LABEL = 'postmortem';
export type Status = 'investigating' | 'acknowledged' | 'mitigated' | 'resolved';
export const STATUSES: readonly Status[] = ['investigating', 'acknowledged', 'mitigated', 'resolved'];

const STATUS_SPEC: Record<Status, Omit<LabelSpec, 'name'>> = {
  investigating: { color: 'd876e3', description: 'Incident: being investigated' },
  acknowledged: { color: 'f9d0c4', description: 'Incident: someone is on it (stops escalation)' },
  mitigated: { color: 'c5def5', description: 'Incident: impact mitigated, root cause pending' },
  resolved: { color: '0e8a16', description: 'Incident: resolved' },
};

export function statusLabel(status: Status): string {
  return `status:${status}`;
}

export function sourceLabel(source: string): string {
  return `source:${source}`;
}

/** The specification of a label this action manages, or undefined for a user's extra label. */
export function labelSpec(name: string): LabelSpec | undefined {
  if (name === INCIDENT_LABEL) return { name, color: 'b60205', description: 'Incident record (managed by shipshape)' };
  if (name === POSTMORTEM_LABEL) return { name, color: '5319e7', description: 'Post-incident review to complete' };
  if (SEVERITIES.includes(name as Severity)) {
    const info = SEVERITY_INFO[name as Severity];
    return { name, color: info.color, description: `${info.meaning}: respond within ${info.responseTarget}` };
  }
  const status = name.startsWith('status:') ? (name.slice('status:'.length) as Status) : undefined;
  if (status && STATUSES.includes(status)) return { name, ...STATUS_SPEC[status] };
  if (name.startsWith('source:')) {
    return { name, color: 'bfdadc', description: `Incident signal from ${name.slice('source:'.length)}` };
  }
  return undefined;
}

/** A record's labels with exactly one `status:*` and one `sevN`, keeping every other label. */
export function relabel(current: readonly string[], changes: { severity?: Severity; status?: Status }): string[] {
  const kept = current.filter((label) => {
    const lower = label.toLowerCase();
    if (changes.severity && SEVERITIES.includes(lower as Severity)) return false;
    if (changes.status && lower.startsWith('status:')) return false;
    return true;
  });
  if (changes.severity) kept.push(changes.severity);
  if (changes.status) kept.push(statusLabel(changes.status));
  return [...new Set(kept)];
}
