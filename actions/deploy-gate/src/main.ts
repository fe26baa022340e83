// The deploy gate's entry: inputs from the runner's environment, then the gate (loaded only once
// the inputs are good: a run that stops at a bad input never compiles it) with real dependencies.
import { UserError } from '../../../src/kernel/errors.ts';
import { loadYamlFor, readInputsFromEnv } from '../../../src/kernel/inputs.ts';
import { setOutputs, writeSummary } from '../../../src/kernel/report.ts';
import { runAction } from '../../../src/kernel/run.ts';
import { DEPLOY_GATE_INPUT_NAMES, deployGateInputSchema, readConfig } from './inputs.ts';

/** The entry `@github/local-action` and the bundle call: inputs from the environment, real dependencies. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const raw = readInputsFromEnv(DEPLOY_GATE_INPUT_NAMES);
    await loadYamlFor(deployGateInputSchema, raw);
    const config = readConfig(raw);
    // Loaded only once the inputs are good: a bad input stops before Octokit and the probe load.
    const { realDependencies } = await import('./dependencies.ts');
    const { runGate, short } = await import('./gate.ts');
    const deps = realDependencies(config);
    const decision = await runGate(config, deps);
    const { outputsFor, summaryFor } = await import('./summary.ts');
    setOutputs(outputsFor(decision));
    writeSummary(summaryFor(decision));
    for (const result of decision.gates) {
      if (result.outcome === 'warn') deps.log.warning(`${result.name}: ${result.detail}`);
    }
    if (!decision.allowed) {
      const message = `Deploy gate: ${decision.mode} of ${short(decision.sha) || '(no target)'} to ${decision.environment} blocked by ${decision.blockedBy.join(', ')}.`;
      if (decision.dryRun) deps.log.warning(`${message} (dry run: the step does not fail)`);
      else throw new UserError(message);
    }
  });
}
