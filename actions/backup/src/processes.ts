// Child processes for the `command` and `postgres` sources: argv arrays only (never a shell), an
// environment without the action's inputs, and program lookup before anything is written.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** The environment children get: the step's, minus INPUT_* (which carry secrets such as database-url). */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('INPUT_')) env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds a program the way execvp would (PATH for bare names, else relative to `cwd`). */
export function findProgram(program: string, cwd: string, path = process.env.PATH ?? ''): string | undefined {
  if (program.includes('/')) {
    const full = isAbsolute(program) ? program : resolve(cwd, program);
    return isExecutableFile(full) ? full : undefined;
  }
  for (const folder of path.split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, program);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export function spawnProgram(
  program: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: 'ignore' | 'pipe' } = {},
): ChildProcess {
  return spawn(program, [...args], {
    cwd: options.cwd,
    env: options.env ?? childEnv(),
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
    shell: false,
  });
}
