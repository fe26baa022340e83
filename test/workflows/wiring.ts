// How a workflow's jobs and steps are wired: which jobs need which, and where each output a step
// or job reads comes from; every reference must name an output that exists.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  type Job,
  lineAt,
  needsOf,
  ownActionDir,
  parseYamlFile,
  REPO_ROOT,
  type Step,
  type Workflow,
} from './workflow-files.ts';

export interface WiringProblem {
  file: string;
  line: number;
  message: string;
}

/** The outputs an action declares, by its folder (`actions/<name>`); undefined when there is no such action. */
export type ActionOutputs = (actionDir: string) => readonly string[] | undefined;

export const actionOutputsFromRepo: ActionOutputs = (actionDir) => {
  try {
    const manifest = parse(readFileSync(join(REPO_ROOT, actionDir, 'action.yml'), 'utf8')) as {
      outputs?: Record<string, unknown>;
    };
    return Object.keys(manifest.outputs ?? {});
  } catch {
    return undefined;
  }
};

/** Names a run step writes to $GITHUB_OUTPUT (`echo "name=…" >> "$GITHUB_OUTPUT"`). */
export function runStepOutputs(run: string): string[] {
  return [...run.matchAll(/echo\s+"?([A-Za-z_][\w-]*)=[^\n]*>>\s*"?\$\{?GITHUB_OUTPUT/g)].map((match) => match[1]);
}

/** Outputs of the pinned third-party actions the workflows read, from their action.yml files. */
const THIRD_PARTY_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
  'actions/deploy-pages': ['page_url'],
  'actions/upload-pages-artifact': ['artifact_id'],
};

function stepOutputs(step: Step, actionOutputs: ActionOutputs): readonly string[] | undefined {
  if (typeof step.run === 'string') return runStepOutputs(step.run);
  const own = ownActionDir(step.uses);
  if (own) return actionOutputs(own);
  const action = step.uses?.split('@')[0] ?? '';
  return Object.hasOwn(THIRD_PARTY_OUTPUTS, action) ? THIRD_PARTY_OUTPUTS[action] : undefined;
}

/** Every string in a value with its path, so a reference can be reported at its line. */
function strings(value: unknown, path: Array<string | number>): Array<{ path: Array<string | number>; text: string }> {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, [...path, index]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => strings(item, [...path, key]));
  return [];
}

function dispatchInputs(workflow: Workflow): string[] | undefined {
  const on = workflow.on as Record<string, { inputs?: Record<string, unknown> } | null> | undefined;
  if (!on || typeof on !== 'object' || Array.isArray(on)) return undefined;
  const names = ['workflow_dispatch', 'workflow_call'].flatMap((event) => Object.keys(on[event]?.inputs ?? {}));
  return 'workflow_dispatch' in on || 'workflow_call' in on ? names : undefined;
}

/** Every reference to a job, a step, an output or an input names something that exists. */
export function checkWiring(
  file: string,
  text: string,
  actionOutputs: ActionOutputs = actionOutputsFromRepo,
): WiringProblem[] {
  const yaml = parseYamlFile(file, text);
  const workflow = yaml.value as Workflow;
  const jobs = workflow.jobs ?? {};
  const problems: WiringProblem[] = [];
  const add = (path: Array<string | number>, message: string) =>
    problems.push({ file, line: lineAt(yaml, path), message });
  const inputs = dispatchInputs(workflow);

  for (const { path, text: value } of strings(
    { 'run-name': (workflow as { 'run-name'?: string })['run-name'], concurrency: workflow.concurrency },
    [],
  )) {
    for (const [, name] of value.matchAll(/\binputs\.([\w-]+)/g)) {
      if (!inputs?.includes(name)) add(path, `inputs.${name}: the workflow has no input '${name}'`);
    }
  }

  for (const [jobId, job] of Object.entries(jobs)) {
    const needs = needsOf(job);
    for (const need of needs) {
      if (!(need in jobs))
        add(['jobs', jobId, 'needs'], `job '${jobId}' needs '${need}', which is not a job of this workflow`);
    }
    const steps = job.steps ?? [];
    const stepById = new Map(steps.filter((step) => step.id).map((step) => [step.id as string, step]));

    for (const { path, text: value } of strings(job, ['jobs', jobId])) {
      for (const [, id, rest] of value.matchAll(/\bsteps\.([\w-]+)\.(outputs\.[\w-]+|outcome|conclusion)/g)) {
        const step = stepById.get(id);
        if (!step) {
          add(path, `steps.${id}: job '${jobId}' has no step with id '${id}'`);
          continue;
        }
        if (!rest.startsWith('outputs.')) continue;
        const name = rest.slice('outputs.'.length);
        const declared = stepOutputs(step, actionOutputs);
        if (!declared) add(path, `steps.${id}.outputs.${name}: the outputs of ${step.uses} are not known`);
        else if (!declared.includes(name)) {
          add(
            path,
            `steps.${id}.outputs.${name}: ${step.uses ?? 'the run step'} has no output '${name}' (it has: ${declared.join(', ') || 'none'})`,
          );
        }
      }
      for (const [, need, rest] of value.matchAll(/\bneeds\.([\w-]+)\.(outputs\.[\w-]+|result)/g)) {
        if (!needs.includes(need)) {
          add(path, `needs.${need}: job '${jobId}' does not need '${need}'`);
          continue;
        }
        if (!rest.startsWith('outputs.')) continue;
        const name = rest.slice('outputs.'.length);
        const declared = Object.keys(jobs[need]?.outputs ?? {});
        if (!declared.includes(name)) {
          add(
            path,
            `needs.${need}.outputs.${name}: job '${need}' has no output '${name}' (it has: ${declared.join(', ') || 'none'})`,
          );
        }
      }
      for (const [, name] of value.matchAll(/\binputs\.([\w-]+)/g)) {
        if (!inputs?.includes(name)) add(path, `inputs.${name}: the workflow has no input '${name}'`);
      }
    }
  }
  return problems;
}

/**
 * The wiring as readable lines: `job <- needs`, and for every action input, env value or job
 * output fed by another output, `job.step.with.input <- steps.x.outputs.y`.
 */
export function describeWiring(text: string): string[] {
  const workflow = parse(text) as Workflow;
  const lines: string[] = [];
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    lines.push(`${jobId} <- [${needsOf(job).join(', ')}]`);
    lines.push(...feeds(`${jobId}.outputs`, job.outputs));
    (job.steps ?? []).forEach((step, index) => {
      const name = step.id ?? ownActionDir(step.uses) ?? step.name ?? `step ${index + 1}`;
      lines.push(...feeds(`${jobId}.${name}.with`, step.with), ...feeds(`${jobId}.${name}.env`, step.env));
    });
    lines.push(...feeds(`${jobId}.if`, job.if === undefined ? undefined : { condition: job.if }));
  }
  return lines;
}

function feeds(prefix: string, values: Record<string, unknown> | undefined): string[] {
  return Object.entries(values ?? {}).flatMap(([key, value]) => {
    const refs = [...String(value).matchAll(/\b(?:steps|needs)\.[\w-]+\.outputs\.[\w-]+/g)].map((match) => match[0]);
    return [...new Set(refs)].map((ref) => `${prefix}.${key} <- ${ref}`);
  });
}

export type { Job };
