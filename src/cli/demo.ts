// `shipshape demo`: the main job on embedded defaults — no token, no cloud. It starts a local demo
// service and a local GitHub stand-in, then runs the bundled actions through the runner's protocol:
// a post-deploy smoke test passes, the service degrades and the watch trips and dispatches the
// rollback, an incident record is opened, the service recovers and the record is resolved.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startGitHubStandIn } from '../../test/support/github/server.ts';
import { REPO_ROOT, type RunResult, runActionBundle } from '../../test/support/runner.ts';

const CHECKS = `
- name: healthz
  url: /healthz
  expect:
    status: 200
    latency: 500ms
    json:
      - "$.status == ok"
      - "$.integrity.score >= 0.95"
- name: home
  url: /
  expect:
    status: 2xx
    body-contains: shop
`;

/** A tiny service whose integrity score the demo turns down and up again. */
async function startDemoService() {
  const service = { score: 0.99 };
  const server = createServer((request, response) => {
    if (request.url === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', version: 'v42', integrity: { score: service.score } }));
    } else {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<h1>shop</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { service, url, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export async function runDemo(): Promise<number> {
  const standIn = await startGitHubStandIn();
  const demo = await startDemoService();
  const repo = standIn.state.repo('octo-org', 'shop');
  let failures = 0;
  const step = async (title: string, action: string, inputs: Record<string, string>, expectExit = 0) => {
    const result: RunResult = await runActionBundle(join(REPO_ROOT, action), { inputs, apiUrl: standIn.url });
    console.log(`\n=== ${title} (${action}) — exit code ${result.exitCode}`);
    for (const [name, value] of Object.entries(result.outputs)) {
      if (value !== '' && name !== 'results') console.log(`output ${name}=${value}`);
    }
    if (result.summary.trim()) console.log(`\n${result.summary.trim()}`);
    if (result.exitCode !== expectExit) {
      failures++;
      console.log(`expected exit code ${expectExit}:\n${result.log}`);
    }
    return result;
  };

  try {
    await step('Post-deploy smoke test', 'actions/smoke-test', { 'base-url': demo.url, checks: CHECKS });

    demo.service.score = 0.91;
    const tripped = await step(
      'The service degrades: the watch window trips and dispatches the rollback',
      'actions/smoke-test',
      {
        'base-url': demo.url,
        checks: CHECKS,
        watch: '3s',
        interval: '1s',
        'failure-threshold': '2',
        'rollback-workflow': 'rollback.yml',
        'rollback-inputs': 'environment: production\nreason: smoke checks tripped',
      },
      1,
    );
    console.log(`\nrollback dispatches recorded by the GitHub stand-in: ${JSON.stringify(repo.dispatches)}`);

    await step('Open an incident record', 'actions/incident', {
      title: 'Checkout smoke checks failing',
      severity: 'sev2',
      source: 'smoke-test',
      environment: 'production',
      summary: `Failed checks: ${tripped.outputs['failed-checks']}`,
    });

    demo.service.score = 0.99;
    await step('The rollback restored the service', 'actions/smoke-test', { 'base-url': demo.url, checks: CHECKS });
    await step('Resolve the record: time to resolve and a post-incident review', 'actions/incident', {
      mode: 'resolve',
      title: 'Checkout smoke checks failing',
      resolution: 'Rolled back to the last good version.',
    });

    if (standIn.violations.length > 0) {
      failures++;
      console.log(`\nGitHub stand-in violations:\n${standIn.violations.join('\n')}`);
    }
  } finally {
    await demo.stop();
    await standIn.stop();
  }
  console.log(
    failures === 0 ? '\nDemo finished: every step behaved as expected.' : `\nDemo: ${failures} step(s) misbehaved.`,
  );
  return failures === 0 ? 0 : 1;
}
