// What the gate decided: one result per gate, the decision, and the facts the summary shows.

export type GateName = 'checks' | 'approvals' | 'integrity' | 'backup' | 'incidents' | 'freeze';

/** `pending` is a block because something never arrived (checks still running when the wait ran out). */
export type GateOutcome = 'pass' | 'warn' | 'fail' | 'pending';

export interface GateResult {
  name: GateName;
  ok: boolean;
  outcome: GateOutcome;
  /** One line of plain text (the report JSON, the log); the summary escapes it unless `detailMarkdown` is set. */
  detail: string;
  /** The same line for the summary: its text already escaped (`mdText`), links only to https URLs. */
  detailMarkdown?: string;
}

export interface Decision {
  mode: 'deploy' | 'rollback';
  sha: string;
  environment: string;
  allowed: boolean;
  blockedBy: GateName[];
  gates: GateResult[];
  previousSha?: string;
  changed?: boolean;
  reason?: string;
  actor?: string;
  dryRun: boolean;
  /** Links for the summary. */
  links: { commit?: string; compare?: string; run?: string };
  /** How the wait went: polls made, how long. */
  polls: number;
  waitedMs: number;
}

export function gate(name: GateName, outcome: GateOutcome, detail: string, detailMarkdown?: string): GateResult {
  return {
    name,
    ok: outcome === 'pass' || outcome === 'warn',
    outcome,
    detail,
    ...(detailMarkdown && detailMarkdown !== detail ? { detailMarkdown } : {}),
  };
}
