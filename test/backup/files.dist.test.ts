// The bundled backup action with files and command sources at a folder destination, run as the
// runner runs it: real files, real child processes, real `sha256sum`, `tar`, `zstd` and `age`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { listManifests } from '../../src/kernel/backup-store.ts';
import { REPO_ROOT, type RunOptions, runActionBundle } from '../support/runner.ts';
import { requireTool } from './tools.ts';

const ACTION = join(REPO_ROOT, 'actions/backup');
let workspace: string;

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'backup-ws-'));
  mkdirSync(join(workspace, 'data/nested'), { recursive: true });
  writeFileSync(join(workspace, 'data/a.txt'), 'alpha\n');
  writeFileSync(join(workspace, 'data/nested/b.json'), '{"b":2}\n');
  writeFileSync(join(workspace, 'data/skip.log'), 'noise\n');
  writeFileSync(join(workspace, 'config.yml'), 'key: value\n');
});

function run(inputs: Record<string, string>, options: Partial<RunOptions> = {}) {
  return runActionBundle(ACTION, { inputs: { name: 'app-files', ...inputs }, workspace, ...options });
}

const series = (name = 'app-files') => join(workspace, 'backups', name);
const listed = async (name = 'app-files') => (await listManifests(join(workspace, 'backups'), name)).manifests;

describe('files source', () => {
  it('stores a tar.gz with a sha256sum sidecar and the manifest last; tar and sha256sum read it', async () => {
    const result = await run({ source: 'files', paths: 'data\nconfig.yml', exclude: '**/*.log' });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const id = result.outputs['backup-id'];
    expect(id).toMatch(/^\d{8}T\d{6}Z-[a-z0-9]{6}$/);
    const file = `${id}.tar.gz`;
    expect(readdirSync(series()).sort()).toEqual([file, `${file}.sha256`, `${id}.manifest.json`].sort());
    expect(result.outputs).toMatchObject({
      location: join(series(), file),
      verified: 'true',
      kept: '',
      pruned: '',
      'latest-id': id,
      'latest-age-seconds': '0',
    });
    expect(Number(result.outputs['size-bytes'])).toBeGreaterThan(0);
    const sha = execFileSync('sha256sum', [file], { cwd: series(), encoding: 'utf8' }).split(' ')[0];
    expect(result.outputs.sha256).toBe(sha);
    expect(execFileSync('sha256sum', ['-c', `${file}.sha256`], { cwd: series(), encoding: 'utf8' })).toBe(
      `${file}: OK\n`,
    );
    const entries = execFileSync('tar', ['-tzf', join(series(), file)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .sort();
    expect(entries).toEqual(['config.yml', 'data/', 'data/a.txt', 'data/nested/', 'data/nested/b.json']);
    const manifest = JSON.parse(readFileSync(join(series(), `${id}.manifest.json`), 'utf8'));
    expect(manifest).toMatchObject({
      version: 1,
      id,
      name: 'app-files',
      source: { type: 'files', format: 'tar', files: 3 },
      file,
      sizeBytes: Number(result.outputs['size-bytes']),
      sha256: sha,
      compression: 'gzip',
      encryption: null,
      verified: true,
      git: {
        sha: expect.stringMatching(/^[0-9a-f]{40}$/),
        runUrl: 'https://github.com/octo-org/shop/actions/runs/4242',
      },
    });
    expect(result.summary).toContain(`Backup ${id} of app-files`);
  });

  it('zstd output is read by the zstd tool; the default name is the repository name', async () => {
    requireTool('zstd', 'zstd');
    const result = await runActionBundle(ACTION, {
      inputs: { source: 'files', paths: 'data/*.txt', compression: 'zstd' },
      workspace,
    });
    expect(result.exitCode).toBe(0);
    const file = join(workspace, 'backups/shop', `${result.outputs['backup-id']}.tar.zst`);
    const tarBytes = execFileSync('zstd', ['-d', '-c', file]);
    const listing = spawnSync('tar', ['-t'], { input: tarBytes, encoding: 'utf8' });
    expect(listing.stdout.trim()).toBe('data/a.txt');
  });

  it('never archives its own destination folder', async () => {
    await run({ source: 'files', paths: '.' });
    const second = await run({ source: 'files', paths: '.', compression: 'none' });
    expect(second.exitCode).toBe(0);
    const tarFile = join(series(), `${second.outputs['backup-id']}.tar`);
    const entries = execFileSync('tar', ['-tf', tarFile], { encoding: 'utf8' });
    expect(entries).not.toContain('backups');
    expect(entries).toContain('data/a.txt');
  });

  it('encrypted backups decrypt with the age CLI, and verify/restore decrypt with the identity', async () => {
    requireTool('age', 'age');
    requireTool('age-keygen', 'age');
    const keyFile = join(mkdtempSync(join(tmpdir(), 'age-')), 'key.txt');
    execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' });
    const identity = readFileSync(keyFile, 'utf8')
      .split('\n')
      .find((line) => line.startsWith('AGE-SECRET-KEY-')) as string;
    const recipient = execFileSync('age-keygen', ['-y', keyFile], { encoding: 'utf8' }).trim();
    const result = await run({ source: 'files', paths: 'data', 'encrypt-to': recipient });
    expect(result.exitCode).toBe(0);
    const id = result.outputs['backup-id'];
    const file = join(series(), `${id}.tar.gz.age`);
    const plain = execFileSync('age', ['-d', '-i', keyFile, file]);
    expect(spawnSync('tar', ['-tz'], { input: plain, encoding: 'utf8' }).stdout).toContain('data/nested/b.json');
    expect(execFileSync('sha256sum', ['-c', `${id}.tar.gz.age.sha256`], { cwd: series(), encoding: 'utf8' })).toContain(
      ': OK',
    );

    const verified = await run({ mode: 'verify', identity });
    expect(verified.exitCode).toBe(0);
    expect(verified.summary).toContain('decrypted, decompressed and every tar entry read');
    expect(verified.log).not.toContain(identity);
    expect(verified.masks).toContain(identity);

    const withoutKey = await run({ mode: 'restore', 'restore-dir': 'restored' });
    expect(withoutKey.exitCode).toBe(1);
    expect(withoutKey.errors).toEqual([`Input 'identity' is required: backup ${id} is encrypted with age.`]);

    const restored = await run({ mode: 'restore', 'restore-dir': 'restored', identity });
    expect(restored.errors).toEqual([]);
    expect(readFileSync(join(workspace, 'restored/data/nested/b.json'), 'utf8')).toBe('{"b":2}\n');
    const drill = JSON.parse(readFileSync(join(series(), `${id}.drill.json`), 'utf8'));
    expect(drill).toMatchObject({ id, verdict: 'passed', files: 3, sha256Matches: true, problems: [] });
    expect(restored.outputs['latest-drill-age-seconds']).toBe('0');
  });
});

describe('command source', () => {
  it('stores the stdout of a command run without a shell, with quotes honoured', async () => {
    const result = await run({
      source: 'command',
      command: `node -e "process.stdout.write(process.argv[1] + '|' + process.argv[2])" 'two words' '$NOT_EXPANDED'`,
      compression: 'none',
    });
    expect(result.exitCode).toBe(0);
    const file = join(series(), `${result.outputs['backup-id']}.bin`);
    expect(readFileSync(file, 'utf8')).toBe('two words|$NOT_EXPANDED');
  });

  it('a command that exits 3 after writing bytes publishes nothing', async () => {
    const result = await run({
      source: 'command',
      command: `node -e "process.stdout.write('x'.repeat(200000)); console.error('dump failed: disk on fire'); process.exitCode = 3"`,
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual(['node exited with code 3: dump failed: disk on fire. Nothing was stored.']);
    expect(existsSync(series()) ? readdirSync(series()) : []).toEqual([]);
    expect(await listed()).toEqual([]);
  });

  it('a program that does not exist is named before anything is written', async () => {
    const result = await run({ source: 'command', command: 'no-such-dumper --all' });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      `Input 'command': the program "no-such-dumper" was not found (PATH and the workspace).`,
    ]);
    expect(existsSync(join(workspace, 'backups'))).toBe(false);
  });

  it('a backup killed mid-stream leaves no manifest and nothing listed', async () => {
    const result = await run(
      {
        source: 'command',
        command: `node -e "setInterval(() => process.stdout.write(Buffer.alloc(65536, 1)), 5)"`,
      },
      { timeoutMs: 2500 },
    );
    expect(result.exitCode).toBe(null);
    expect(await listed()).toEqual([]);
    const files = existsSync(series()) ? readdirSync(series()) : [];
    expect(files.filter((file) => !file.endsWith('.partial'))).toEqual([]);
    const status = await run({ mode: 'status' });
    expect(status.exitCode).toBe(1);
    expect(status.errors[0]).toContain('series "app-files" has no verified backup');
  });

  it('a full disk fails the backup with a clear message and publishes nothing', async () => {
    const destination = join(workspace, 'small');
    mkdirSync(destination);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', destination], { encoding: 'utf8' });
    if (mounted.status !== 0) {
      throw new Error(`this test mounts a 1 MiB tmpfs and needs root (mount said: ${mounted.stderr.trim()})`);
    }
    try {
      const result = await run({
        source: 'command',
        command: `node -e "process.stdout.write(require('crypto').randomBytes(3000000))"`,
        compression: 'none',
        destination: 'small',
      });
      expect(result.exitCode).toBe(1);
      expect(result.errors[0]).toMatch(
        /^Writing .*\.bin failed: the destination is full \(ENOSPC\)\. Nothing was published\.$/,
      );
      expect(readdirSync(join(destination, 'app-files'))).toEqual([]);
    } finally {
      spawnSync('umount', [destination]);
    }
  });
});

describe('verify', () => {
  it('a flipped byte fails verification and names the file', async () => {
    const backup = await run({ source: 'files', paths: 'data' });
    const file = join(series(), `${backup.outputs['backup-id']}.tar.gz`);
    const ok = await run({ mode: 'verify' });
    expect(ok.exitCode).toBe(0);
    expect(ok.outputs).toMatchObject({ 'backup-id': backup.outputs['backup-id'], verified: 'true' });
    const original = readFileSync(file);
    // In the middle of the data, and early, where gunzip stops at once.
    for (const at of [Math.floor(original.length / 2), 12]) {
      const bytes = Buffer.from(original);
      bytes[at] ^= 0xff;
      writeFileSync(file, bytes);
      const broken = await run({ mode: 'verify' });
      expect(broken.exitCode).toBe(1);
      expect(broken.outputs.verified).toBe('false');
      expect(broken.errors[0]).toContain(
        `Backup ${backup.outputs['backup-id']} failed verification: ${file}: sha256 is`,
      );
      expect(broken.errors[0]).toContain(`(${original.length} bytes), the manifest says ${backup.outputs.sha256}`);
    }
  });

  it('an unreadable manifest is reported and not counted as a backup', async () => {
    const backup = await run({ source: 'files', paths: 'data' });
    const manifestFile = join(series(), `${backup.outputs['backup-id']}.manifest.json`);
    writeFileSync(manifestFile, '{"version": 1, "id": "trunc');
    const status = await run({ mode: 'status' });
    expect(status.exitCode).toBe(1);
    expect(status.warnings[0]).toMatch(/\.manifest\.json is not a valid manifest \(not JSON/);
    expect(status.errors[0]).toContain('has no verified backup');
    expect(status.summary).toContain('Unreadable manifests (not counted as backups)');
  });

  it('a missing backup id is a clear error', async () => {
    const result = await run({ mode: 'verify', 'backup-id': '20200101T000000Z-abcdef' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain('There is no backup 20200101T000000Z-abcdef of series "app-files"');
  });
});

describe('retention, prune and status', () => {
  it('mode backup prunes after a verified backup; the plan is in the summary', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const result = await run({ source: 'files', paths: 'config.yml', 'keep-last': '2' });
      expect(result.exitCode).toBe(0);
      ids.push(result.outputs['backup-id']);
    }
    const third = await run({ source: 'files', paths: 'config.yml', 'keep-last': '2' });
    ids.push(third.outputs['backup-id']);
    expect(third.outputs.kept).toBe('2');
    expect(JSON.parse(third.outputs.pruned)).toEqual([ids[1]]);
    expect((await listed()).map((manifest) => manifest.id)).toEqual([ids[2], ids[3]]);
    expect(readdirSync(series()).filter((file) => file.startsWith(ids[1]))).toEqual([]);
    expect(third.summary).toContain('Retention plan for app-files');
    expect(third.summary).toContain(`| ${ids[1]} |`);
  });

  it('prune dry-run plans and deletes nothing; a plan that keeps nothing is refused', async () => {
    const first = await run({ source: 'files', paths: 'config.yml' });
    const second = await run({ source: 'files', paths: 'config.yml' });
    const dry = await run({ mode: 'prune', 'keep-last': '1', 'dry-run': 'true' });
    expect(dry.exitCode).toBe(0);
    expect(dry.outputs).toMatchObject({ kept: '1', pruned: JSON.stringify([first.outputs['backup-id']]) });
    expect(dry.summary).toContain('dry run: nothing deleted');
    expect(await listed()).toHaveLength(2);
    const none = await run({ mode: 'prune', 'keep-daily': '0' });
    expect(none.exitCode).toBe(0);
    // The newest verified backup is never removed, whatever the rules say.
    expect(none.outputs.kept).toBe('1');
    expect((await listed()).map((manifest) => manifest.id)).toEqual([second.outputs['backup-id']]);
  });

  it('status reports the newest verified backup and fails beyond max-age or max-drill-age', async () => {
    const backup = await run({ source: 'files', paths: 'config.yml' });
    const fresh = await run({ mode: 'status', 'max-age': '1h' });
    expect(fresh.exitCode).toBe(0);
    expect(fresh.outputs).toMatchObject({ 'latest-id': backup.outputs['backup-id'], 'latest-drill-age-seconds': '' });
    expect(Number(fresh.outputs['latest-age-seconds'])).toBeLessThan(60);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const stale = await run({ mode: 'status', 'max-age': '500ms' });
    expect(stale.exitCode).toBe(1);
    expect(stale.errors[0]).toMatch(/the newest verified backup .* is \d+s old, more than max-age 0s/);
    const noDrill = await run({ mode: 'status', 'max-drill-age': '8d' });
    expect(noDrill.exitCode).toBe(1);
    expect(noDrill.errors[0]).toContain('has no successful restore drill');
    const drill = await run({ mode: 'restore', 'restore-dir': 'out' });
    expect(drill.exitCode).toBe(0);
    const drilled = await run({ mode: 'status', 'max-drill-age': '8d' });
    expect(drilled.exitCode).toBe(0);
    expect(drilled.outputs['latest-drill-age-seconds']).toMatch(/^\d+$/);
  });
});

describe('bad input through the bundle', () => {
  it.each([
    [{ source: 'tape' }, `Input 'source' was "tape": expected one of: postgres, files, command.`],
    [{ source: 'files', paths: 'data', name: 'a/b' }, `Input 'name' was "a/b"`],
    [{ source: 'files', paths: 'data', 'keep-last': '-2' }, `Input 'keep-last' was "-2"`],
    [{ source: 'files', paths: 'data', destination: 'ftp://x/y' }, `Input 'destination' was "ftp://x/y"`],
    [{ source: 'files', paths: 'data', 'encrypt-to': 'age1bad' }, `Input 'encrypt-to' was "age1bad"`],
    [{ source: 'postgres' }, `Input 'database-url': is required for source postgres.`],
    [{ source: 'files', paths: 'nothing-here' }, `Input 'paths': "nothing-here" does not exist in the workspace`],
  ])('%j', async (inputs, message) => {
    const result = await run(inputs as Record<string, string>);
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(message);
    expect(result.log).not.toContain('    at ');
    expect(existsSync(join(workspace, 'backups'))).toBe(false);
  });

  it('a restore-dir that is not empty is refused before reading anything', async () => {
    const result = await run({ mode: 'restore', 'restore-dir': 'data' });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain(`Input 'restore-dir' was "data": the folder is not empty`);
  });
});
