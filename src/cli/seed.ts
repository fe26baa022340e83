// The world `npm start` and `npm run standin` begin in: the GitHub stand-in with a repository, a green
// commit on main (check runs and a status), the previous production deployment and the incident labels.
// The stand-in lives in src/github-standin/: the demo, `shipshape standin` and the tests share it.

import { deploysOf } from '../github-standin/routes-deploys.ts';
import { type GitHubStandIn, startGitHubStandIn } from '../github-standin/server.ts';
import { INCIDENT_LABEL, labelSpec } from '../kernel/incident-labels.ts';
import { SEVERITIES } from '../kernel/severity.ts';

export const DEMO_OWNER = 'octo-org';
export const DEMO_REPO = 'shop';
export const DEMO_REPOSITORY = `${DEMO_OWNER}/${DEMO_REPO}`;
/** The commit being deployed: green in CI. */
export const DEMO_SHA = '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c';
/** The commit production runs before the deploy (the rollback target). */
export const DEMO_PREVIOUS_SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
/** Any token works with the stand-in; it is shaped like an installation token. */
export const DEMO_TOKEN = 'ghs_standInDemoToken0123456789abcdef';

/** A started stand-in seeded with the demo's repository. */
export async function startSeededStandIn(): Promise<GitHubStandIn> {
  const standIn = await startGitHubStandIn();
  seed(standIn);
  return standIn;
}

export function seed(standIn: GitHubStandIn): void {
  const repo = standIn.state.repo(DEMO_OWNER, DEMO_REPO);
  for (const name of [INCIDENT_LABEL, ...SEVERITIES]) {
    const spec = labelSpec(name);
    if (spec && !repo.labels.has(name)) repo.addLabel(name, spec.color, spec.description);
  }
  const deploys = deploysOf(standIn.state, DEMO_OWNER, DEMO_REPO);
  deploys.refs.set('main', DEMO_SHA);
  deploys.commits.set(DEMO_PREVIOUS_SHA, { sha: DEMO_PREVIOUS_SHA, files: ['src/app.ts'] });
  deploys.commits.set(DEMO_SHA, { sha: DEMO_SHA, files: ['src/checkout.ts'], parent: DEMO_PREVIOUS_SHA });
  deploys.addCheckRun({ name: 'build', headSha: DEMO_SHA });
  deploys.addCheckRun({ name: 'test', headSha: DEMO_SHA });
  deploys.addStatus({ sha: DEMO_SHA, context: 'ci/lint' });
  deploys.addPull({ number: 7, title: 'Faster checkout', commits: [DEMO_SHA] });
  deploys.addReview({ pull: 7, user: 'hubot', state: 'APPROVED' });
  deploys.addDeployment({ sha: DEMO_PREVIOUS_SHA, environment: 'production', states: ['in_progress', 'success'] });
}
