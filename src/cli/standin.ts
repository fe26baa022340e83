// `shipshape standin` (`npm run standin`): the GitHub stand-in alone, seeded like the demo, for trying
// an action by hand. It prints the lines to paste, logs each request with its OpenAPI verdict, and
// stops on Ctrl-C.
import type { GitHubStandIn, RecordedRequest } from '../github-standin/server.ts';
import type { Io } from './action-command.ts';
import { DEMO_REPOSITORY, DEMO_SHA, DEMO_TOKEN, startSeededStandIn } from './seed.ts';
import { styleFor } from './terminal.ts';

/** The lines a user pastes into a shell to point the actions (or `shipshape`) at the stand-in. */
export function envLines(standIn: GitHubStandIn): string[] {
  return [
    `export GITHUB_API_URL=${standIn.url}`,
    `export GITHUB_REPOSITORY=${DEMO_REPOSITORY}`,
    `export GITHUB_SHA=${DEMO_SHA}`,
    `export GITHUB_TOKEN=${DEMO_TOKEN}`,
  ];
}

/**
 * Calls `log` once per answered request with the problems GitHub's description found in it. The stand-in
 * records a request after validating it, so the violations added since the previous request are this one's.
 */
export function watchRequests(
  standIn: GitHubStandIn,
  log: (request: RecordedRequest, problems: string[]) => void,
): void {
  let seenViolations = standIn.violations.length;
  const record = standIn.requests.push.bind(standIn.requests);
  standIn.requests.push = (...requests: RecordedRequest[]) => {
    const count = record(...requests);
    const problems = standIn.violations.slice(seenViolations);
    seenViolations = standIn.violations.length;
    for (const request of requests) log(request, problems);
    return count;
  };
}

export async function runStandIn(io: Io): Promise<number> {
  const style = styleFor(io.stdout, io.env);
  const standIn = await startSeededStandIn();
  io.stdout.write(
    [
      style.bold(`GitHub stand-in listening on ${standIn.url}`),
      `Seeded: ${DEMO_REPOSITORY} with a green commit ${DEMO_SHA.slice(0, 7)} on main (check runs build and test, status ci/lint),`,
      'an approved pull request, the previous production deployment, and the incident labels.',
      '',
      'Paste into another shell, then run an action, e.g.:',
      '',
      ...envLines(standIn).map((line) => `  ${line}`),
      '',
      '  npx shipshape gate --wait 0',
      '  npx shipshape incident --title "Checkout is slow" --severity sev2',
      '',
      "Every request is checked against GitHub's OpenAPI description. Ctrl-C stops.",
      '',
    ].join('\n'),
  );
  watchRequests(standIn, (request, problems) => {
    const verdict = problems.length === 0 ? style.dim('✓ OpenAPI') : style.red(`✗ ${problems.join('; ')}`);
    const time = new Date(request.at).toISOString().slice(11, 19);
    io.stdout.write(
      `${time} ${request.method.padEnd(6)} ${request.path}${request.query} → ${request.status}  ${verdict}\n`,
    );
  });
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await standIn.stop();
  io.stdout.write('\nstand-in stopped\n');
  return 0;
}
