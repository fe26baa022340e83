// docs/operations.md matches the workflows it describes: the files it names exist, its form tables
// list exactly each dispatch form's inputs, its gh commands pass only declared inputs, and its
// settings table lists exactly the variables and secrets each workflow reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listWorkflowFiles, REPO_ROOT } from './workflow-files.ts';

interface DispatchInput {
  description?: string;
  required?: boolean;
  type?: string;
  options?: string[];
  default?: string | boolean;
}

const runbook = readFileSync(join(REPO_ROOT, 'docs/operations.md'), 'utf8');
const pipeline = listWorkflowFiles()
  .filter((file) => file.startsWith('.github/workflows/'))
  .map((file) => file.slice('.github/workflows/'.length));
const workflowText = (name: string) => readFileSync(join(REPO_ROOT, '.github/workflows', name), 'utf8');
const dispatchInputs = (name: string): Record<string, DispatchInput> =>
  (parse(workflowText(name)) as { on: { workflow_dispatch?: { inputs?: Record<string, DispatchInput> } } }).on
    .workflow_dispatch?.inputs ?? {};

/** Table rows under a heading line, as arrays of cells without the backticks. */
function tableAfter(heading: string): string[][] {
  const lines = runbook.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`docs/operations.md has no line '${heading}'`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' && rows.length === 0) continue;
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows.slice(2);
}

const names = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);

describe('docs/operations.md', () => {
  it('names only workflows that exist, and every workflow of the pipeline', () => {
    const named = new Set([...runbook.matchAll(/`([\w-]+\.yml)`/g)].map((match) => match[1]));
    named.delete('checks.yml');
    expect([...named].filter((name) => !pipeline.includes(name))).toEqual([]);
    expect(pipeline.filter((name) => !named.has(name))).toEqual([]);
  });

  it.each(['rollback.yml', 'incident.yml'])(
    'the %s form table lists exactly its inputs, types and defaults',
    (name) => {
      const documented = tableAfter(`#### Form: ${name}`).map(([input, required, type, fallback]) => ({
        input: names(input)[0],
        required: required === 'yes',
        type: type.startsWith('choice') ? `choice ${names(type).join(',')}` : type,
        default: names(fallback)[0] ?? '',
      }));
      const declared = Object.entries(dispatchInputs(name)).map(([input, spec]) => ({
        input,
        required: spec.required === true,
        type: spec.type === 'choice' ? `choice ${(spec.options ?? []).join(',')}` : (spec.type ?? 'string'),
        default: spec.default === undefined ? '' : String(spec.default),
      }));
      expect(documented).toEqual(declared);
    },
  );

  it('every gh workflow run command passes declared inputs, the required ones and allowed choices', () => {
    const commands = [...runbook.matchAll(/^gh workflow run ([\w-]+\.yml)(.*)$/gm)];
    expect(commands.length).toBeGreaterThanOrEqual(5);
    const problems: string[] = [];
    for (const [command, name, args] of commands) {
      const inputs = dispatchInputs(name);
      const given = new Map(
        [...args.matchAll(/-f ([\w-]+)=("[^"]*"|\S+)/g)].map((match) => [match[1], match[2].replace(/^"|"$/g, '')]),
      );
      for (const [input, value] of given) {
        const spec = inputs[input];
        if (!spec) problems.push(`${command}: ${name} has no input '${input}'`);
        else if (spec.type === 'choice' && !spec.options?.includes(value))
          problems.push(`${command}: '${value}' is not a choice of ${input}`);
        else if (spec.type === 'boolean' && !['true', 'false'].includes(value))
          problems.push(`${command}: ${input} is a boolean`);
      }
      for (const [input, spec] of Object.entries(inputs)) {
        if (spec.required && spec.default === undefined && !given.has(input))
          problems.push(`${command}: '${input}' is required`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the settings table lists exactly the variables and secrets each workflow reads', () => {
    const documented = Object.fromEntries(
      tableAfter('Variables (Settings → Secrets and variables → Actions → Variables) and secrets, per workflow:').map(
        ([workflow, variables, secrets]) => [
          names(workflow)[0],
          { variables: names(variables).sort(), secrets: names(secrets).sort() },
        ],
      ),
    );
    const used = Object.fromEntries(
      pipeline.map((name) => {
        const text = workflowText(name);
        const refs = (kind: string) =>
          [
            ...new Set([...text.matchAll(new RegExp(`\\b${kind}\\.([A-Z0-9_]+)`, 'g'))].map((match) => match[1])),
          ].sort();
        return [name, { variables: refs('vars'), secrets: refs('secrets') }];
      }),
    );
    expect(documented).toEqual(used);
  });
});
