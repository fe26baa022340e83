// Which deployment is active and which one a rollback returns to: a deployment succeeded when any of its
// statuses is `success` (a later `inactive` only means a newer one replaced it).

export interface DeploymentFact {
  id: number;
  sha: string;
  ref: string;
  createdAt: string;
  /** Every status state the deployment had (`success`, `inactive`, `failure`, `error`, `in_progress`...). */
  states: string[];
}

export function succeeded(deployment: DeploymentFact): boolean {
  return deployment.states.includes('success');
}

export interface DeploymentHistory {
  /** The newest deployment that succeeded. */
  active?: DeploymentFact;
  /** The newest succeeded deployment older than the active one, with a different commit. */
  previous?: DeploymentFact;
}

/**
 * Walks deployments newest first and stops as soon as both are known (`wantPrevious: false` stops at
 * the active one), so a long history is not read to the end.
 */
export async function readHistory(
  deployments: AsyncIterable<DeploymentFact>,
  wantPrevious: boolean,
): Promise<DeploymentHistory> {
  const history: DeploymentHistory = {};
  for await (const deployment of deployments) {
    const next = step(history, deployment);
    history.active = next.active;
    history.previous = next.previous;
    if (history.active && (!wantPrevious || history.previous)) break;
  }
  return history;
}

/** One step of the walk (deployments arrive newest first), as a pure function. */
export function step(history: DeploymentHistory, deployment: DeploymentFact): DeploymentHistory {
  if (!succeeded(deployment)) return history;
  if (!history.active) return { active: deployment };
  if (!history.previous && deployment.sha !== history.active.sha) return { ...history, previous: deployment };
  return history;
}

/** Newest first by creation time, then id: GitHub's own order, restated so a pure test can rely on it. */
export function newestFirst(deployments: readonly DeploymentFact[]): DeploymentFact[] {
  return [...deployments].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
}
