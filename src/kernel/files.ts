// The one policy for files and folders named by inputs: they resolve inside the workspace or the
// runner's temp folder (RUNNER_TEMP), after following symlinks, and every refusal says which folders
// are allowed and whether the path was missing, a folder, a file, or unreadable.
import { accessSync, constants, existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from './errors.ts';

export interface AllowedRoots {
  /** GITHUB_WORKSPACE, or the current folder outside a runner. */
  workspace: string;
  /** RUNNER_TEMP when the runner sets it. */
  runnerTemp?: string;
}

/** The folders inputs may name, from the runner's environment. */
export function allowedRootsFromEnv(env: NodeJS.ProcessEnv = process.env): AllowedRoots {
  return {
    workspace: resolve(env.GITHUB_WORKSPACE || process.cwd()),
    runnerTemp: env.RUNNER_TEMP ? resolve(env.RUNNER_TEMP) : undefined,
  };
}

export type PathKind =
  /** An existing, readable file (a config, a template). */
  | 'readable-file'
  /** A file that may not exist yet, written by the action (a report); its folders are created later. */
  | 'writable-file'
  /** An existing folder (a backup destination may be created: use 'writable-folder'). */
  | 'folder'
  /** A folder that may not exist yet. */
  | 'writable-folder';

export interface InputPath {
  /** The absolute path after following symlinks (of the path itself, or of its nearest existing parent). */
  path: string;
  /** What the user wrote. */
  given: string;
}

function describeRoots(roots: AllowedRoots): string {
  return roots.runnerTemp
    ? `the workspace (${roots.workspace}) or the runner's temp folder (${roots.runnerTemp})`
    : `the workspace (${roots.workspace})`;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Real path of the path or of its nearest existing ancestor, with the missing tail appended. */
function realPathOf(path: string): string {
  let existing = path;
  const tail: string[] = [];
  while (!existsSync(existing)) {
    // A dangling symlink "does not exist" for existsSync but is a link: resolve what it points to.
    try {
      if (lstatSync(existing).isSymbolicLink()) break;
    } catch {
      // not a link either: keep walking up
    }
    const parent = dirname(existing);
    if (parent === existing) break;
    tail.unshift(existing.slice(parent.length).replace(/^[/\\]+/, ''));
    existing = parent;
  }
  let real: string;
  try {
    real = realpathSync(existing);
  } catch {
    real = existing;
  }
  return tail.length === 0 ? real : resolve(real, ...tail);
}

function realRoots(roots: AllowedRoots): string[] {
  return [roots.workspace, roots.runnerTemp]
    .filter((root): root is string => Boolean(root))
    .map((root) => (existsSync(root) ? realpathSync(root) : root));
}

/**
 * Resolves a path named by input `input` (relative paths from the workspace) and checks it against
 * the policy; throws a UserError naming the input, the value and what is allowed.
 */
export function resolveInputPath(input: string, given: string, kind: PathKind, roots: AllowedRoots): InputPath {
  const where = describeRoots(roots);
  const full = resolve(roots.workspace, given);
  const real = realPathOf(full);
  if (!realRoots(roots).some((root) => isInside(root, real))) {
    const via = real !== full ? ` (it leads to ${real})` : '';
    throw new UserError(`Input '${input}' was "${given}"${via}: it must be inside ${where}.`);
  }
  const stats = statOrUndefined(real);
  switch (kind) {
    case 'readable-file': {
      if (!stats) throw new UserError(`Input '${input}' was "${given}": no such file (looked in ${where}).`);
      if (stats.isDirectory()) throw new UserError(`Input '${input}' was "${given}": that is a folder, not a file.`);
      try {
        accessSync(real, constants.R_OK);
      } catch {
        throw new UserError(`Input '${input}' was "${given}": the file is not readable.`);
      }
      break;
    }
    case 'writable-file': {
      if (stats?.isDirectory()) {
        throw new UserError(
          `Input '${input}' was "${given}": that is a folder; name a file, e.g. ${given.replace(/[/\\]+$/, '')}/report.xml.`,
        );
      }
      // No folder on the way may be a file.
      for (let parent = dirname(real); parent !== dirname(parent); parent = dirname(parent)) {
        const parentStats = statOrUndefined(parent);
        if (!parentStats) continue;
        if (!parentStats.isDirectory()) {
          throw new UserError(`Input '${input}' was "${given}": ${parent} is a file, not a folder.`);
        }
        break;
      }
      break;
    }
    case 'folder': {
      if (!stats) throw new UserError(`Input '${input}' was "${given}": no such folder (looked in ${where}).`);
      if (!stats.isDirectory()) throw new UserError(`Input '${input}' was "${given}": that is a file, not a folder.`);
      break;
    }
    case 'writable-folder': {
      if (stats && !stats.isDirectory()) {
        throw new UserError(`Input '${input}' was "${given}": that is a file, not a folder.`);
      }
      break;
    }
  }
  return { path: real, given };
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
