// Cold start: how long each action's bundle takes to stop at a bad input, against the toolkit's floor —
// an ncc bundle of @actions/core alone that reads one input and fails — run side by side, interleaved.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputEnvName } from '../src/kernel/inputs.ts';
import { nodeFor, REPO_ROOT, readActionManifest } from '../test/support/runner.ts';
import type { Benchmark, Comparison } from './harness.ts';

/** One input per action that its validation refuses (own-key lookups make these the nastiest words). */
const BAD_INPUT: Readonly<Record<string, Record<string, string>>> = {
  'smoke-test': { watch: 'soon' },
  incident: { mode: 'constructor' },
  'deploy-gate': { sha: 'not-a-sha' },
  backup: { mode: '__proto__' },
  'status-page': { days: '__proto__' },
};

const RUNS = 21;

function buildFloor(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cold-start-floor-'));
  const source = join(REPO_ROOT, 'bench', '.floor-entry.mjs');
  writeFileSync(
    source,
    "import * as core from '@actions/core';\nconst mode = core.getInput('mode');\ncore.setFailed(`Input 'mode' was \"${mode}\": expected open or resolve.`);\n",
  );
  try {
    execFileSync(join(REPO_ROOT, 'node_modules/.bin/ncc'), ['build', source, '-o', dir, '--quiet'], { cwd: REPO_ROOT });
  } finally {
    execFileSync('rm', ['-f', source]);
  }
  return join(dir, 'index.mjs');
}

function defaultsOf(actionDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  const context: Record<string, string> = {
    'github.token': 'ghs_coldstart',
    'github.sha': 'a'.repeat(40),
    'github.actor': 'octocat',
    'github.repository': 'octo-org/shop',
    'github.event.repository.name': 'shop',
  };
  for (const [name, spec] of Object.entries(readActionManifest(actionDir).inputs ?? {})) {
    const value = String(spec.default ?? '').replace(
      /\$\{\{\s*([\w.]+)\s*\}\}/g,
      (_, key: string) => context[key] ?? '',
    );
    env[inputEnvName(name)] = value;
  }
  return env;
}

function timeRun(node: string, script: string, env: Record<string, string>): number {
  const start = performance.now();
  const result = spawnSync(node, [script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const elapsed = performance.now() - start;
  if (result.status !== 1 || !result.stdout.includes('::error::')) {
    throw new Error(`${script} did not stop at the bad input: exit ${result.status}\n${result.stdout}${result.stderr}`);
  }
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export const benchmark: Benchmark = {
  name: 'cold start at a bad input (each bundle vs an @actions/core-only bundle)',
  async run() {
    const node = nodeFor('node24');
    const floor = buildFloor();
    const floorEnv = { [inputEnvName('mode')]: 'constructor' };
    const bare: number[] = [];
    const comparisons: Comparison[] = [];
    const actions = readdirSync(join(REPO_ROOT, 'actions')).filter((name) =>
      existsSync(join(REPO_ROOT, 'actions', name, 'dist/index.js')),
    );
    for (const name of actions.sort()) {
      const actionDir = join(REPO_ROOT, 'actions', name);
      const script = join(actionDir, 'dist/index.js');
      const env: Record<string, string> = {
        ...defaultsOf(actionDir),
        GITHUB_REPOSITORY: 'octo-org/shop',
        GITHUB_WORKSPACE: tmpdir(),
      };
      if (!Object.hasOwn(BAD_INPUT, name)) throw new Error(`cold-start bench: name a bad input for actions/${name}`);
      for (const [input, value] of Object.entries(BAD_INPUT[name])) {
        env[inputEnvName(input)] = value;
      }
      const ours: number[] = [];
      const baseline: number[] = [];
      timeRun(node, script, env);
      timeRun(node, floor, floorEnv);
      for (let index = 0; index < RUNS; index++) {
        ours.push(timeRun(node, script, env));
        baseline.push(timeRun(node, floor, floorEnv));
        if (index % 4 === 0) {
          const start = performance.now();
          spawnSync(node, ['-e', '']);
          bare.push(performance.now() - start);
        }
      }
      const sizeMb = statSync(script).size / 1_000_000;
      comparisons.push({
        name: `${name} (bundle ${sizeMb.toFixed(2)} MB)`,
        unit: 'median ms to exit at a bad input / the same for the @actions/core floor',
        ours: median(ours),
        baseline: median(baseline),
        atMost: 1.5,
      });
    }
    console.log(
      `  (the floor itself: ${(median(comparisons.map((c) => c.baseline)) / median(bare)).toFixed(2)}x a bare node -e '')`,
    );
    return comparisons;
  },
};
