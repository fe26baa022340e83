// `shipshape.yml`: the command line's inputs in a file, one section per command. Its zod schema is
// built from the actions' action.yml (keys are exactly their inputs), so the file, the JSON Schema
// in schema/ and the flags cannot disagree.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import { parseYaml } from '../kernel/inputs.ts';
import { ACTION_COMMANDS, type ActionCommand, manifestOf } from './commands.ts';

export const CONFIG_FILE = 'shipshape.yml';

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const textList = z.array(z.union([z.string(), z.number()]));

/** One command's section: every input of its action.yml, scalars (lists joined by newlines; YAML inputs may be YAML). */
function sectionSchema(command: ActionCommand) {
  const manifest = manifestOf(command);
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
    const value = command.yamlInputs.includes(name)
      ? z.union([z.string(), z.array(z.unknown()), z.record(z.string(), z.unknown())])
      : z.union([scalar, textList]);
    shape[name] = value.optional().meta({
      description: spec.description?.trim(),
      ...(spec.default !== undefined ? { default: String(spec.default) } : {}),
    });
  }
  return z
    .strictObject(shape)
    .meta({ description: `Inputs of shipshape ${command.name} (actions/${command.action}).` });
}

/** The whole file. */
export function configSchema() {
  const sections: Record<string, z.ZodType> = {};
  for (const command of ACTION_COMMANDS) sections[command.name] = sectionSchema(command).optional();
  return z
    .strictObject({
      'github-url': z
        .string()
        .optional()
        .meta({ description: 'GitHub API URL (GitHub Enterprise Server: https://HOST/api/v3).' }),
      workspace: z.string().optional().meta({
        description:
          'The workspace, relative to this file: files named by inputs must be inside it (default: the current folder).',
      }),
      repository: z
        .string()
        .regex(/^[^/\s]+\/[^/\s]+$/, 'expected owner/name')
        .optional()
        .meta({ description: 'owner/name of the repository.' }),
      ...sections,
    })
    .meta({ title: 'shipshape.yml', description: 'Inputs for the shipshape command line, one section per command.' });
}

export interface ConfigFile {
  path: string;
  githubUrl?: string;
  repository?: string;
  /** Absolute; `workspace:` is relative to the file's folder. */
  workspace?: string;
  /** Input values as the action receives them (strings), by command. */
  inputs: Partial<Record<ActionCommand['name'], Record<string, string>>>;
}

/** Reads the file named by --config, else ./shipshape.yml when it exists; throws an Error whose message names the file. */
export function readConfigFile(given: string | undefined, cwd: string): ConfigFile | undefined {
  const path = resolve(cwd, given ?? CONFIG_FILE);
  if (!given && !existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const parsed = parseYaml(text, configSchema());
  if (!parsed.ok) throw new Error(`${path}:\n${parsed.errors.map((line) => `  ${line}`).join('\n')}`);
  const document = (parsed.value ?? {}) as Record<string, unknown>;
  const inputs: ConfigFile['inputs'] = {};
  for (const command of ACTION_COMMANDS) {
    const section = document[command.name] as Record<string, unknown> | undefined;
    if (!section) continue;
    inputs[command.name] = Object.fromEntries(
      Object.entries(section).map(([name, value]) => [name, asInputText(value)]),
    );
  }
  return {
    path,
    githubUrl: document['github-url'] as string | undefined,
    repository: document.repository as string | undefined,
    workspace: document.workspace === undefined ? undefined : resolve(dirname(path), document.workspace as string),
    inputs,
  };
}

/** Action inputs are text: a list of words becomes lines, a YAML document its YAML text. */
function asInputText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number'))
    return value.join('\n');
  return stringify(value);
}
