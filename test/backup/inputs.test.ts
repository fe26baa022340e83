// Every bad input stops the action with a message naming the input, before anything happens.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { backupInputSchema, readConfig } from '../../actions/backup/src/inputs.ts';
import type { AllowedRoots } from '../../src/kernel/files.ts';
import { REPO_ROOT, readActionManifest } from '../support/runner.ts';

const RECIPIENT = 'age10xacef058fgu00yrhfyv4fd9x5krkcc06m7l9wnv2f6hrgdkn4fq4n5gj8';
const IDENTITY = 'AGE-SECRET-KEY-108J6XURMQ9445PFYKKSTQZM9FPQZPY3UPZQRYWHYQLXCSE7ZMLKQH0T784';
let roots: AllowedRoots;

beforeEach(() => {
  const home = mkdtempSync(join(tmpdir(), 'backup-inputs-'));
  roots = { workspace: join(home, 'ws'), runnerTemp: join(home, 'tmp') };
  mkdirSync(roots.workspace);
  mkdirSync(roots.runnerTemp as string);
});

const read = (raw: Record<string, string>) => readConfig(raw, roots, 'octo-org/shop');
const failure = (raw: Record<string, string>) => {
  try {
    read(raw);
  } catch (error) {
    expect((error as Error).name).toBe('UserError');
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
};

describe('readConfig', () => {
  it('the schema keys are exactly the inputs of action.yml', () => {
    const manifest = readActionManifest(join(REPO_ROOT, 'actions/backup'));
    expect(Object.keys(backupInputSchema.shape).sort()).toEqual(Object.keys(manifest.inputs ?? {}).sort());
  });

  it('reads a files backup with defaults', () => {
    const config = read({ source: 'files', paths: 'data\nconfig/*.yml\n' });
    expect(config).toMatchObject({
      mode: 'backup',
      name: 'shop',
      source: 'files',
      paths: ['data', 'config/*.yml'],
      destination: { kind: 'folder', path: join(roots.workspace, 'backups') },
      compression: 'gzip',
      encryptTo: [],
      retention: undefined,
      dryRun: false,
      maxAgeMs: 86_400_000,
    });
  });

  it('reads retention, s3 and the command argv', () => {
    const config = read({
      source: 'command',
      command: `mysqldump --single-transaction "my db" 'a b'`,
      destination: 's3://bucket-1/nightly',
      's3-endpoint': 'http://127.0.0.1:9000',
      'keep-daily': '7',
      'keep-weekly': '0',
      'encrypt-to': `${RECIPIENT}\n`,
    });
    expect(config.command).toEqual(['mysqldump', '--single-transaction', 'my db', 'a b']);
    expect(config.destination).toEqual({ kind: 's3', bucket: 'bucket-1', prefix: 'nightly' });
    expect(config.retention).toEqual({
      last: undefined,
      hourly: undefined,
      daily: 7,
      weekly: 0,
      monthly: undefined,
      yearly: undefined,
    });
    expect(config.encryptTo).toEqual([RECIPIENT]);
  });

  it.each([
    [{ source: 'tape' }, `Input 'source' was "tape": expected one of: postgres, files, command.`],
    [{ source: 'constructor' }, `Input 'source' was "constructor": expected one of: postgres, files, command.`],
    [{ mode: '__proto__' }, `Input 'mode' was "__proto__": expected one of: backup, verify, prune, status, restore.`],
    [{}, `Input 'source': is required when mode is backup: postgres, files or command.`],
    [{ source: 'postgres' }, `Input 'database-url': is required for source postgres.`],
    [{ source: 'files' }, `Input 'paths': is required for source files.`],
    [{ source: 'command' }, `Input 'command': is required for source command.`],
    [
      { source: 'files', paths: 'a', name: 'team/app' },
      `Input 'name' was "team/app": expected letters, digits, ".", "_" or "-" only (no slashes), e.g. app-db.`,
    ],
    [{ source: 'files', paths: 'a', name: '..' }, `Input 'name' was "..": expected letters`],
    [
      { source: 'files', paths: 'a', 'keep-daily': '-1' },
      `Input 'keep-daily' was "-1": expected a whole number from 0 to 1000000.`,
    ],
    [{ source: 'files', paths: 'a', 'keep-last': 'ten' }, `Input 'keep-last' was "ten"`],
    [
      { source: 'files', paths: 'a', 'encrypt-to': 'age1notarecipient' },
      `Input 'encrypt-to' was "age1notarecipient": expected age recipients (age1… from age-keygen), one per line.`,
    ],
    [
      { source: 'files', paths: 'a', 'encrypt-to': `${RECIPIENT.slice(0, -1)}q` },
      `Input 'encrypt-to' was "${RECIPIENT.slice(0, -1)}q": expected age recipients`,
    ],
    [
      { source: 'files', paths: 'a', destination: 'ftp://host/x' },
      `Input 'destination' was "ftp://host/x": expected a folder or s3://bucket/prefix`,
    ],
    [
      { source: 'files', paths: 'a', destination: 's3://B/x' },
      `Input 'destination' was "s3://B/x": expected s3://bucket/prefix`,
    ],
    [
      { source: 'files', paths: 'a', destination: '/etc/backups' },
      `Input 'destination' was "/etc/backups": it must be inside the workspace`,
    ],
    [
      { source: 'files', paths: 'a', compression: 'bzip2' },
      `Input 'compression' was "bzip2": expected one of: gzip, zstd, none.`,
    ],
    [
      { source: 'command', command: 'pg_dump db | gzip' },
      `Input 'command' was "pg_dump db | gzip": "|" is shell syntax (|)`,
    ],
    [{ source: 'command', command: 'dump > out' }, `">" is shell syntax (>)`],
    [{ source: 'command', command: 'dump "unclosed' }, `it has an unclosed double quote.`],
    [{ source: 'command', command: 'echo $HOME' }, `"$HOME" needs a shell to expand it`],
    [
      { source: 'files', paths: 'data\n../secrets' },
      `Input 'paths' was "data⏎../secrets": "../secrets" leaves the workspace`,
    ],
    [{ source: 'files', paths: '/etc/passwd' }, `Input 'paths' was "/etc/passwd": "/etc/passwd" leaves the workspace`],
    [{ mode: 'prune' }, `Input 'keep-last': mode prune needs a retention rule`],
    [{ mode: 'restore' }, `Input 'restore-url': mode restore needs restore-url`],
    [{ mode: 'verify', 'backup-id': 'latest' }, `Input 'backup-id' was "latest": expected a backup id`],
    [{ mode: 'status', 'max-age': '24' }, `Input 'max-age' was "24": expected a number with a unit`],
    [{ mode: 'status', 'dry-run': 'yes' }, `Input 'dry-run' was "yes": expected true or false.`],
    [{ mode: 'verify', identity: 'AGE-SECRET-KEY-1XYZ' }, `Input 'identity' was "***": expected an age identity`],
    [
      { source: 'files', paths: 'a', 's3-endpoint': 'localhost:9000' },
      `Input 's3-endpoint' was "localhost:9000": expected an http(s) URL.`,
    ],
  ])('refuses %j', (raw, message) => {
    expect(failure(raw as Record<string, string>)).toContain(message);
  });

  it('never echoes a bad database-url or restore-url', () => {
    const message = failure({ source: 'postgres', 'database-url': 'mysql://root:hunter2@db/app' });
    expect(message).toBe(
      `Input 'database-url' was "***": expected postgres://user:password@host:port/database (with a database name).`,
    );
    expect(failure({ mode: 'restore', 'restore-url': 'postgres://u:hunter2@h/' })).not.toContain('hunter2');
  });

  it('refuses a restore-dir that is not empty, and one outside the workspace', () => {
    mkdirSync(join(roots.workspace, 'restored'));
    writeFileSync(join(roots.workspace, 'restored', 'old.txt'), 'x');
    expect(failure({ mode: 'restore', 'restore-dir': 'restored' })).toContain(
      `Input 'restore-dir' was "restored": the folder is not empty (1 entry, e.g. old.txt)`,
    );
    expect(failure({ mode: 'restore', 'restore-dir': '../elsewhere' })).toContain(
      `Input 'restore-dir' was "../elsewhere"`,
    );
    expect(read({ mode: 'restore', 'restore-dir': 'fresh' }).restoreDir).toBe(join(roots.workspace, 'fresh'));
  });

  it('accepts a valid identity, and needs a name outside a repository', () => {
    expect(read({ mode: 'verify', identity: IDENTITY }).identity).toBe(IDENTITY);
    expect(() => readConfig({ mode: 'status' }, roots, undefined)).toThrow(/Input 'name' is required/);
  });

  it('lists every bad input at once', () => {
    const message = failure({ source: 'tape', compression: 'rar' });
    expect(message).toContain("Input 'source'");
    expect(message).toContain("Input 'compression'");
  });
});
