// `shipshape demo`: the main job on embedded defaults — no token, no cloud. It starts a local
// GitHub stand-in and runs each bundled action through the runner's protocol against it.
import { join } from 'node:path';
import { startGitHubStandIn } from '../../test/support/github/server.ts';
import { REPO_ROOT, runActionBundle } from '../../test/support/runner.ts';

interface DemoStep {
  title: string;
  action: string;
  inputs: Record<string, string>;
}

const steps: DemoStep[] = [
  {
    title: 'Open an incident record',
    action: 'actions/incident',
    inputs: {
      title: 'Checkout returns 502',
      severity: 'sev2',
      source: 'smoke-test',
      environment: 'production',
      summary: '- `checkout`: status was 502, expected 2xx',
    },
  },
  {
    title: 'The same signal again, now critical: one record, escalated',
    action: 'actions/incident',
    inputs: { title: 'Checkout returns 502', severity: 'critical', source: 'smoke-test', summary: 'still failing' },
  },
  {
    title: 'Count open incidents (kernel fixture)',
    action: 'test/fixtures/label-count',
    inputs: { label: 'incident' },
  },
  {
    title: 'Resolve it: time to resolve and a post-incident review',
    action: 'actions/incident',
    inputs: { mode: 'resolve', title: 'Checkout returns 502', resolution: 'Rolled back to the last good version.' },
  },
];

export async function runDemo(): Promise<number> {
  const standIn = await startGitHubStandIn();
  let failures = 0;
  try {
    for (const step of steps) {
      const result = await runActionBundle(join(REPO_ROOT, step.action), { inputs: step.inputs, apiUrl: standIn.url });
      console.log(`\n=== ${step.title} (${step.action}) — exit code ${result.exitCode}`);
      for (const [name, value] of Object.entries(result.outputs)) console.log(`output ${name}=${value}`);
      if (result.summary.trim()) console.log(`\n${result.summary.trim()}`);
      if (result.exitCode !== 0) {
        failures++;
        console.log(result.log);
      }
    }
    if (standIn.violations.length > 0) {
      failures++;
      console.log(`\nGitHub stand-in violations:\n${standIn.violations.join('\n')}`);
    }
  } finally {
    await standIn.stop();
  }
  console.log(`\n${steps.length - failures} of ${steps.length} demo steps succeeded.`);
  return failures === 0 ? 0 : 1;
}
