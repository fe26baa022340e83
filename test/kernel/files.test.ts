import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AllowedRoots, resolveInputPath } from '../../src/kernel/files.ts';

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

function setup(): AllowedRoots & { outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'files-'));
  const workspace = join(base, 'workspace');
  const runnerTemp = join(base, 'runner-temp');
  const outside = join(base, 'outside');
  for (const dir of [workspace, runnerTemp, outside]) mkdirSync(dir);
  writeFileSync(join(workspace, 'checks.yml'), 'a: 1\n');
  writeFileSync(join(runnerTemp, 'template.md'), '# t\n');
  writeFileSync(join(outside, 'secret.txt'), 'root:x:0:0\n');
  return { workspace, runnerTemp, outside };
}

describe('files named by inputs', () => {
  it('resolves a relative path from the workspace and an absolute one in RUNNER_TEMP', () => {
    const roots = setup();
    expect(resolveInputPath('config', 'checks.yml', 'readable-file', roots).path).toBe(
      join(roots.workspace, 'checks.yml'),
    );
    const inTemp = join(roots.runnerTemp ?? '', 'template.md');
    expect(resolveInputPath('postmortem-template', inTemp, 'readable-file', roots).path).toBe(inTemp);
    const report = join(roots.runnerTemp ?? '', 'reports/junit.xml');
    expect(resolveInputPath('junit', report, 'writable-file', roots).path).toBe(report);
  });

  it('refuses a file outside both folders and names them', () => {
    const roots = setup();
    expect(errorOf(() => resolveInputPath('postmortem-template', '/etc/passwd', 'readable-file', roots))).toBe(
      `Input 'postmortem-template' was "/etc/passwd": it must be inside the workspace (${roots.workspace}) or the runner's temp folder (${roots.runnerTemp}).`,
    );
    expect(errorOf(() => resolveInputPath('config', '../outside/secret.txt', 'readable-file', roots))).toMatch(
      /^Input 'config' was "\.\.\/outside\/secret\.txt": it must be inside the workspace/,
    );
  });

  it('follows symlinks before judging, for existing and not-yet-existing files', () => {
    const roots = setup();
    symlinkSync(join(roots.outside, 'secret.txt'), join(roots.workspace, 'innocent.md'));
    symlinkSync(roots.outside, join(roots.workspace, 'reports'));
    expect(errorOf(() => resolveInputPath('postmortem-template', 'innocent.md', 'readable-file', roots))).toBe(
      `Input 'postmortem-template' was "innocent.md" (it leads to ${join(roots.outside, 'secret.txt')}): it must be inside the workspace (${roots.workspace}) or the runner's temp folder (${roots.runnerTemp}).`,
    );
    expect(errorOf(() => resolveInputPath('junit', 'reports/junit.xml', 'writable-file', roots))).toMatch(
      /\(it leads to .*outside\/junit\.xml\): it must be inside/,
    );
  });

  it('tells "not found", "a folder" and "not readable" apart', () => {
    const roots = setup();
    expect(errorOf(() => resolveInputPath('config', 'nope.yml', 'readable-file', roots))).toBe(
      `Input 'config' was "nope.yml": no such file (looked in the workspace (${roots.workspace}) or the runner's temp folder (${roots.runnerTemp})).`,
    );
    expect(errorOf(() => resolveInputPath('config', '.', 'readable-file', roots))).toBe(
      `Input 'config' was ".": that is a folder, not a file.`,
    );
    expect(errorOf(() => resolveInputPath('restore-dir', 'checks.yml', 'folder', roots))).toBe(
      `Input 'restore-dir' was "checks.yml": that is a file, not a folder.`,
    );
    expect(errorOf(() => resolveInputPath('junit', 'checks.yml/junit.xml', 'writable-file', roots))).toBe(
      `Input 'junit' was "checks.yml/junit.xml": ${join(roots.workspace, 'checks.yml')} is a file, not a folder.`,
    );
    if (process.getuid?.() !== 0) {
      chmodSync(join(roots.workspace, 'checks.yml'), 0o000);
      expect(errorOf(() => resolveInputPath('config', 'checks.yml', 'readable-file', roots))).toBe(
        `Input 'config' was "checks.yml": the file is not readable.`,
      );
    }
  });

  it('without RUNNER_TEMP names the workspace alone', () => {
    const roots = setup();
    expect(
      errorOf(() => resolveInputPath('config', '/etc/hostname', 'readable-file', { workspace: roots.workspace })),
    ).toBe(`Input 'config' was "/etc/hostname": it must be inside the workspace (${roots.workspace}).`);
  });
});
