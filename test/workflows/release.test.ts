// release.yml publishes the CHANGELOG.md section of the pushed version: its extraction script,
// run here on the real changelog, yields that section and fails for a version with none.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from './workflow-files.ts';

const release = parse(readFileSync(join(REPO_ROOT, '.github/workflows/release.yml'), 'utf8')) as {
  on: { push: { tags: string[] } };
  jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }>;
};
const changelog = readFileSync(join(REPO_ROOT, 'CHANGELOG.md'), 'utf8');
const script =
  release.jobs.release.steps.find((step) => step.name === 'The changelog section of this version')?.run ?? '';

/** Runs the step's script as the runner would (bash -e), with TAG and RUNNER_TEMP set. */
function notesFor(tag: string): { status: number | null; notes: string; stdout: string } {
  const temp = mkdtempSync(join(tmpdir(), 'release-notes-'));
  const result = spawnSync('bash', ['-e', '-c', script], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, TAG: tag, RUNNER_TEMP: temp },
    encoding: 'utf8',
  });
  let notes = '';
  try {
    notes = readFileSync(join(temp, 'notes.md'), 'utf8');
  } catch {}
  rmSync(temp, { recursive: true, force: true });
  return { status: result.status, notes, stdout: result.stdout };
}

describe('release.yml', () => {
  it('runs on vX.Y.Z tags only', () => {
    expect(release.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
  });

  it('takes the release notes from the changelog section of the tag', () => {
    const version = /^## \[(\d+\.\d+\.\d+)\]/m.exec(changelog)?.[1] as string;
    const section = changelog.split(/^## .*$/m)[1];
    const { status, notes } = notesFor(`v${version}`);
    expect(status).toBe(0);
    expect(notes).toBe(section.replace(/^\n/, ''));
    expect(notes).toContain('The first release.');
  });

  it('fails for a version the changelog does not describe, and for a tag that is not vX.Y.Z', () => {
    expect(notesFor('v9.9.9')).toMatchObject({
      status: 1,
      stdout: expect.stringContaining('CHANGELOG.md has no section for 9.9.9'),
    });
    expect(notesFor('v1.0')).toMatchObject({ status: 1, stdout: expect.stringContaining('Tag v1.0 is not vX.Y.Z') });
  });

  // The step runs against a stand-in `gh` that records its arguments: GitHub cannot be reached from here.
  const moveTag =
    release.jobs.release.steps.find((step) => step.name === 'Move the major tag to this release')?.run ?? '';
  function moveMajorTag(existing: boolean): { status: number | null; calls: string[] } {
    const bin = mkdtempSync(join(tmpdir(), 'gh-'));
    const log = join(bin, 'calls.log');
    writeFileSync(
      join(bin, 'gh'),
      `#!/usr/bin/env bash\necho "$*" >> "${log}"\n[[ "$*" == "api repos/acme/shop/git/ref/tags/v1 --silent" ]] && exit ${existing ? 0 : 1}\nexit 0\n`,
    );
    chmodSync(join(bin, 'gh'), 0o755);
    const result = spawnSync('bash', ['-e', '-c', moveTag], {
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        TAG: 'v1.2.3',
        SHA: 'a'.repeat(40),
        REPO: 'acme/shop',
        GITHUB_STEP_SUMMARY: join(bin, 'summary.md'),
      },
      encoding: 'utf8',
    });
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    rmSync(bin, { recursive: true, force: true });
    return { status: result.status, calls };
  }

  it('moves an existing major tag to the release commit', () => {
    expect(moveMajorTag(true)).toEqual({
      status: 0,
      calls: [
        'api repos/acme/shop/git/ref/tags/v1 --silent',
        `api --method PATCH repos/acme/shop/git/refs/tags/v1 -f sha=${'a'.repeat(40)} -F force=true --silent`,
      ],
    });
  });

  it('creates the major tag on the first release of a major version', () => {
    expect(moveMajorTag(false)).toEqual({
      status: 0,
      calls: [
        'api repos/acme/shop/git/ref/tags/v1 --silent',
        `api --method POST repos/acme/shop/git/refs -f ref=refs/tags/v1 -f sha=${'a'.repeat(40)} --silent`,
      ],
    });
  });
});
