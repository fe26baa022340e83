// The workflow files the policy covers, read as YAML documents that remember each node's line.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every workflow we run (`.github/workflows`) or ask users to copy (`examples/workflows`), relative to the root. */
export function listWorkflowFiles(root = REPO_ROOT): string[] {
  return ['.github/workflows', 'examples/workflows'].flatMap((dir) => {
    try {
      return readdirSync(join(root, dir))
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => `${dir}/${name}`);
    } catch {
      return [];
    }
  });
}

export function listActionDirs(root = REPO_ROOT): string[] {
  return readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `actions/${entry.name}`)
    .sort();
}

/** A parsed YAML file: the plain value, the document (for lines) and the raw lines (for comments). */
export interface YamlFile {
  file: string;
  text: string;
  lines: string[];
  doc: Document;
  lineCounter: LineCounter;
  value: unknown;
}

export function parseYamlFile(file: string, text: string): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  return { file, text, lines: text.split('\n'), doc, lineCounter, value: doc.toJS() };
}

export function readYamlFile(file: string, root = REPO_ROOT): YamlFile {
  return parseYamlFile(file, readFileSync(join(root, file), 'utf8'));
}

/** The 1-based line of the node at `path` (the key's line for a map entry), or of its nearest existing parent. */
export function lineAt(yaml: YamlFile, path: ReadonlyArray<string | number>): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const parentPath = path.slice(0, depth - 1);
    const parent = depth === 0 ? undefined : (yaml.doc.getIn(parentPath, true) as Node | undefined);
    const key = path[depth - 1];
    if (parent && isMap(parent)) {
      const pair = (parent as YAMLMap).items.find((item) => isScalar(item.key) && item.key.value === key);
      const keyNode = pair?.key as Node | undefined;
      if (keyNode?.range) return yaml.lineCounter.linePos(keyNode.range[0]).line;
    }
    if (parent && isSeq(parent) && typeof key === 'number') {
      const item = parent.items[key] as Node | undefined;
      if (item?.range) return yaml.lineCounter.linePos(item.range[0]).line;
    }
  }
  return 1;
}

/** The parts of a workflow the policy and wiring tests read. */
export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
export interface Concurrency {
  group?: string;
  'cancel-in-progress'?: boolean | string;
}
export interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  uses?: string;
  secrets?: unknown;
  environment?: string | { name?: string; url?: string };
  permissions?: string | Record<string, string>;
  concurrency?: string | Concurrency;
  outputs?: Record<string, string>;
  'timeout-minutes'?: number | string;
  steps?: Step[];
}
export interface Workflow {
  name?: string;
  on?: unknown;
  permissions?: string | Record<string, string>;
  concurrency?: string | Concurrency;
  jobs?: Record<string, Job>;
}

export function needsOf(job: Job): string[] {
  if (job.needs === undefined) return [];
  return Array.isArray(job.needs) ? job.needs : [job.needs];
}

/** `./actions/<name>` in this repository, `<org>/shipshape/actions/<name>@ref` in the examples users copy. */
export function ownActionDir(uses: string | undefined): string | undefined {
  const match = /^(?:\.|[\w-]+\/shipshape)\/(actions\/[\w-]+)(?:@.+)?$/.exec(uses ?? '');
  return match?.[1];
}
