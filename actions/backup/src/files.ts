// The `files` source: expands paths and globs inside the workspace and streams them as a tar archive
// (node-tar), never following symlinks out of it; also the safe extraction used by restore drills.
import { lstat, mkdir, readdir } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import picomatch from 'picomatch';
import { UserError } from '../../../src/kernel/errors.ts';

export interface FileSelection {
  /** Paths relative to the workspace, no entry inside another. */
  entries: string[];
  /** Relative paths (and their contents) never archived: excludes, the destination folder. */
  isExcluded(path: string): boolean;
}

const toPosix = (path: string) => path.split(sep).join('/');

async function walk(root: string, folder: string, found: string[]): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(join(root, folder), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = folder ? `${folder}/${entry.name}` : entry.name;
    found.push(path);
    if (entry.isDirectory()) await walk(root, path, found);
  }
}

/**
 * Expands `paths` (plain paths or globs, relative to the workspace) minus `exclude` and the folders
 * in `skip` (absolute, e.g. the destination). A path or glob that matches nothing is bad input.
 */
export async function selectFiles(
  workspace: string,
  paths: readonly string[],
  exclude: readonly string[],
  skip: readonly string[] = [],
): Promise<FileSelection> {
  const excludeMatchers = exclude.map((glob) => picomatch(glob.replace(/\/+$/, ''), { dot: true }));
  const skipped = skip
    .map((folder) => toPosix(relative(workspace, folder)))
    .filter((rel) => rel !== '' && !rel.startsWith('..') && !isAbsolute(rel));
  const isExcluded = (path: string) => {
    const clean = toPosix(normalize(path)).replace(/^\.\/+/, '');
    return (
      excludeMatchers.some((match) => match(clean)) ||
      skipped.some((folder) => clean === folder || clean.startsWith(`${folder}/`))
    );
  };
  const selected = new Set<string>();
  let tree: string[] | undefined;
  for (const given of paths) {
    const pattern =
      toPosix(given)
        .replace(/^\.\/+/, '')
        .replace(/\/+$/, '') || '.';
    const scan = picomatch.scan(pattern);
    if (!scan.isGlob) {
      try {
        await lstat(resolve(workspace, pattern));
      } catch {
        throw new UserError(`Input 'paths': "${given}" does not exist in the workspace (${workspace}).`);
      }
      selected.add(pattern);
      continue;
    }
    tree ??= await (async () => {
      const found: string[] = [];
      await walk(workspace, '', found);
      return found;
    })();
    const match = picomatch(pattern, { dot: false });
    const hits = tree.filter((path) => match(path));
    if (hits.length === 0) throw new UserError(`Input 'paths': the glob "${given}" matches nothing in the workspace.`);
    for (const hit of hits) selected.add(hit);
  }
  // A folder archives everything under it; listing its children too would store them twice.
  const all = [...selected].filter((path) => !isExcluded(path));
  const entries = all
    .filter((path) => !all.some((other) => other !== path && (other === '.' || path.startsWith(`${other}/`))))
    .sort();
  if (entries.length === 0) throw new UserError(`Input 'paths': everything it names is excluded.`);
  return { entries, isExcluded };
}

export interface TarStream {
  stream: Readable;
  /** Regular files archived so far (final once the stream ended). */
  files(): number;
}

/** Streams the selection as a tar archive; unreadable files fail it (strict). */
export async function tarStream(workspace: string, selection: FileSelection): Promise<TarStream> {
  const tar = await import('tar');
  let files = 0;
  const pack = tar.c(
    {
      cwd: workspace,
      portable: true,
      follow: false,
      strict: true,
      // node-tar reads up to 16 MB of a file at once by default; 1 MB keeps memory flat.
      maxReadSize: 1024 * 1024,
      filter: (path, stat) => {
        if (selection.isExcluded(path)) return false;
        if ('isFile' in stat && typeof stat.isFile === 'function' && stat.isFile()) files++;
        return true;
      },
    },
    selection.entries,
  );
  return { stream: pack as unknown as Readable, files: () => files };
}

/** Why an archive entry may not be extracted into `root`, or undefined when it is safe. */
export function unsafeEntry(
  root: string,
  entry: { path: string; type: string; linkpath?: string },
): string | undefined {
  const path = entry.path.replace(/\\/g, '/');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return `"${entry.path}" is an absolute path`;
  if (path.split('/').includes('..')) return `"${entry.path}" climbs out with ".."`;
  const target = resolve(root, path);
  if (target !== root && !target.startsWith(`${root}${sep}`)) return `"${entry.path}" lands outside the folder`;
  if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
    const link = (entry.linkpath ?? '').replace(/\\/g, '/');
    const pointsTo =
      entry.type === 'Link' ? resolve(root, link) : link.startsWith('/') ? link : resolve(target, '..', link);
    if (pointsTo !== root && !pointsTo.startsWith(`${root}${sep}`)) {
      return `"${entry.path}" is a link to "${entry.linkpath}", outside the folder`;
    }
  }
  return undefined;
}

/**
 * Extracts a tar stream into `root` (created if missing). Any entry that would escape it (absolute
 * path, "..", a link pointing outside) stops the extraction with an error naming the entry.
 */
export async function extractInto(root: string, archive: Readable): Promise<{ files: number }> {
  const tar = await import('tar');
  await mkdir(root, { recursive: true });
  let files = 0;
  let refused: string | undefined;
  const unpack = tar.x({
    cwd: root,
    strict: true,
    preserveOwner: false,
    filter: (_path, entry) => {
      // After a refusal nothing more is extracted.
      if (refused) return false;
      const read = entry as unknown as { path: string; type: string; linkpath?: string };
      const why = unsafeEntry(root, read);
      if (why) {
        refused ??= why;
        return false;
      }
      if (read.type === 'File' || read.type === 'OldFile' || read.type === 'ContiguousFile') files++;
      return true;
    },
  });
  const guard = new Transform({
    transform(chunk, _encoding, callback) {
      if (refused) return callback(new Error(`refused to extract: ${refused}`));
      callback(null, chunk);
    },
  });
  await pipeline(archive, guard, unpack as unknown as NodeJS.WritableStream);
  if (refused) throw new Error(`refused to extract: ${refused}`);
  return { files };
}
