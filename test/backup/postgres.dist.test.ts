// The bundled backup action against a real throwaway PostgreSQL 15: snapshot-consistent dump with
// row counts, full-read verification, a restore drill into a second database, and the faults.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PostgresCluster, startPostgres } from '../../src/local-runner/postgres.ts';
import { REPO_ROOT, type RunOptions, runActionBundle } from '../support/runner.ts';
import { requireTool } from './tools.ts';

const ACTION = join(REPO_ROOT, 'actions/backup');
let pg: PostgresCluster;
let workspace: string;

beforeAll(async () => {
  pg = await startPostgres();
  pg.psql('postgres', 'CREATE DATABASE app;');
  pg.psql(
    'app',
    `CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL UNIQUE);
     CREATE SCHEMA billing;
     CREATE TABLE billing.orders (id serial PRIMARY KEY, customer_id int REFERENCES customers(id), total numeric(10,2));
     CREATE INDEX orders_customer ON billing.orders (customer_id);
     CREATE VIEW big_orders AS SELECT * FROM billing.orders WHERE total > 100;
     CREATE TABLE empty_table (x int);
     INSERT INTO customers (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 300) g;
     INSERT INTO billing.orders (customer_id, total) SELECT 1 + g % 300, g FROM generate_series(1, 1200) g;`,
  );
});
afterAll(() => pg?.stop());

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'backup-pg-'));
});

function run(inputs: Record<string, string>, options: Partial<RunOptions> = {}) {
  return runActionBundle(ACTION, { inputs: { name: 'app-db', ...inputs }, workspace, timeoutMs: 120_000, ...options });
}

const series = () => join(workspace, 'backups/app-db');

/** A PATH folder whose pg_dump / pg_restore record their arguments and whether PGPASSWORD was set. */
function recordingPath(): { path: string; log: string } {
  const folder = mkdtempSync(join(tmpdir(), 'pg-shim-'));
  const log = join(folder, 'calls.log');
  for (const tool of ['pg_dump', 'pg_restore']) {
    const shim = join(folder, tool);
    writeFileSync(
      shim,
      `#!/bin/sh\nprintf '%s PGPASSWORD=%s ARGS=%s\\n' "${tool}" "\${PGPASSWORD:+set}" "$*" >> "${log}"\nexec "${pg.bin}/${tool}" "$@"\n`,
    );
    chmodSync(shim, 0o755);
  }
  return { path: `${folder}:${process.env.PATH}`, log };
}

describe('postgres source', () => {
  it('dumps in custom format with row counts from the same snapshot, verified by a full read', async () => {
    const shim = recordingPath();
    const result = await run({ source: 'postgres', 'database-url': pg.url('app') }, { env: { PATH: shim.path } });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const id = result.outputs['backup-id'];
    expect(readdirSync(series()).sort()).toEqual([`${id}.dump`, `${id}.dump.sha256`, `${id}.manifest.json`]);
    const manifest = JSON.parse(readFileSync(join(series(), `${id}.manifest.json`), 'utf8'));
    expect(manifest).toMatchObject({
      file: `${id}.dump`,
      compression: 'none',
      verified: true,
      source: {
        type: 'postgres',
        format: 'custom',
        database: 'app',
        serverVersion: expect.stringMatching(/^15\.\d+$/),
        rowCounts: { 'billing.orders': 1200, 'public.customers': 300, 'public.empty_table': 0 },
      },
    });
    // The password reaches pg_dump by environment only: never in its arguments, never in the log.
    const calls = readFileSync(shim.log, 'utf8');
    expect(calls).toMatch(
      /^pg_dump PGPASSWORD=set ARGS=--format=custom --snapshot=\S+ --no-password --dbname=postgres:\/\/postgres@127\.0\.0\.1:\d+\/app$/m,
    );
    expect(calls).toMatch(/^pg_restore PGPASSWORD=set ARGS=--file=\/dev\/null$/m);
    expect(calls).not.toContain(pg.password);
    expect(result.log).not.toContain(pg.password);
    expect(result.summary).not.toContain(pg.password);
    expect(result.masks).toContain(pg.password);
    expect(result.log).toMatch(/using pg_dump 15\.\d+/);
  });

  it('verify re-hashes and fully reads the dump; restore into a scratch database compares every row count', async () => {
    const backup = await run({ source: 'postgres', 'database-url': pg.url('app') });
    const id = backup.outputs['backup-id'];
    // Rows written after the backup are not in it, and the drill must not expect them.
    pg.psql('app', "INSERT INTO customers (email) VALUES ('late@example.com');");
    const verified = await run({ mode: 'verify' });
    expect(verified.exitCode).toBe(0);
    expect(verified.summary).toContain('full read by pg_restore');

    pg.psql('postgres', 'CREATE DATABASE scratch1;');
    const drill = await run({
      mode: 'restore',
      'restore-url': pg.url('scratch1'),
      'verify-sql': 'SELECT count(*) = 300 FROM customers\nSELECT EXISTS (SELECT 1 FROM big_orders)',
    });
    expect(drill.errors).toEqual([]);
    expect(drill.exitCode).toBe(0);
    expect(drill.outputs).toMatchObject({ 'backup-id': id, verified: 'true', 'latest-drill-age-seconds': '0' });
    const record = JSON.parse(readFileSync(join(series(), `${id}.drill.json`), 'utf8'));
    expect(record).toMatchObject({
      id,
      verdict: 'passed',
      target: expect.stringMatching(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/scratch1$/),
      rowCounts: [
        { table: 'billing.orders', expected: 1200, found: 1200, ok: true },
        { table: 'public.customers', expected: 300, found: 300, ok: true },
        { table: 'public.empty_table', expected: 0, found: 0, ok: true },
      ],
      verifySql: [
        { sql: 'SELECT count(*) = 300 FROM customers', ok: true, value: 'true' },
        { sql: 'SELECT EXISTS (SELECT 1 FROM big_orders)', ok: true, value: 'true' },
      ],
    });
    expect(pg.psql('scratch1', "SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_customer';").trim()).toBe(
      '1',
    );
    expect(drill.summary).toContain('| billing.orders | 1200 | 1200 | ✅ |');
    expect(JSON.stringify(record)).not.toContain(pg.password);

    const status = await run({ mode: 'status', 'max-drill-age': '8d' });
    expect(status.exitCode).toBe(0);
    expect(status.outputs['latest-id']).toBe(id);
  });

  it('rows written while the dump runs are in neither the dump nor the manifest counts (one snapshot)', async () => {
    // pg_dump starts after the snapshot was exported and the rows were counted; a write lands in between.
    const folder = mkdtempSync(join(tmpdir(), 'pg-concurrent-'));
    writeFileSync(
      join(folder, 'pg_dump'),
      `#!/bin/sh\n[ "$1" = --version ] && exec "${pg.bin}/pg_dump" --version\n` +
        `"${pg.bin}/psql" -X -q -h 127.0.0.1 -p ${pg.port} -U postgres -d app -c "INSERT INTO customers (email) VALUES ('during-' || clock_timestamp() || '@example.com')" >&2 || exit 9\n` +
        `exec "${pg.bin}/pg_dump" "$@"\n`,
    );
    chmodSync(join(folder, 'pg_dump'), 0o755);
    writeFileSync(join(folder, 'pg_restore'), `#!/bin/sh\nexec "${pg.bin}/pg_restore" "$@"\n`);
    chmodSync(join(folder, 'pg_restore'), 0o755);
    const before = Number(pg.psql('app', 'SELECT count(*) FROM customers;').trim());
    const backup = await run(
      { source: 'postgres', 'database-url': pg.url('app') },
      { env: { PATH: `${folder}:${process.env.PATH}` } },
    );
    expect(backup.errors).toEqual([]);
    expect(Number(pg.psql('app', 'SELECT count(*) FROM customers;').trim())).toBe(before + 1);
    const manifest = JSON.parse(readFileSync(join(series(), `${backup.outputs['backup-id']}.manifest.json`), 'utf8'));
    expect(manifest.source.rowCounts['public.customers']).toBe(before);
    pg.psql('postgres', 'CREATE DATABASE scratch5;');
    const drill = await run({ mode: 'restore', 'restore-url': pg.url('scratch5') });
    expect(drill.errors).toEqual([]);
    expect(Number(pg.psql('scratch5', 'SELECT count(*) FROM customers;').trim())).toBe(before);
  });

  it('an encrypted dump decrypts with age, verifies and restores with the identity', async () => {
    requireTool('age-keygen', 'age');
    const keyFile = join(mkdtempSync(join(tmpdir(), 'age-')), 'key.txt');
    execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' });
    const identity = readFileSync(keyFile, 'utf8')
      .split('\n')
      .find((line) => line.startsWith('AGE-SECRET-KEY-')) as string;
    const recipient = execFileSync('age-keygen', ['-y', keyFile], { encoding: 'utf8' }).trim();
    const backup = await run({ source: 'postgres', 'database-url': pg.url('app'), 'encrypt-to': recipient });
    expect(backup.errors).toEqual([]);
    const file = join(series(), `${backup.outputs['backup-id']}.dump.age`);
    const dump = execFileSync('age', ['-d', '-i', keyFile, file]);
    expect(dump.subarray(0, 5).toString()).toBe('PGDMP');
    const verified = await run({ mode: 'verify', identity });
    expect(verified.exitCode).toBe(0);
    expect(verified.summary).toContain('decrypted, full read by pg_restore');
    pg.psql('postgres', 'CREATE DATABASE scratch3;');
    const drill = await run({ mode: 'restore', 'restore-url': pg.url('scratch3'), identity });
    expect(drill.errors).toEqual([]);
    expect(pg.psql('scratch3', 'SELECT count(*) FROM billing.orders;').trim()).toBe('1200');
  });

  it('a drill whose verify-sql is false fails and is recorded as failed', async () => {
    await run({ source: 'postgres', 'database-url': pg.url('app') });
    pg.psql('postgres', 'CREATE DATABASE scratch2;');
    const drill = await run({ mode: 'restore', 'restore-url': pg.url('scratch2'), 'verify-sql': 'SELECT 1 = 2' });
    expect(drill.exitCode).toBe(1);
    expect(drill.errors[0]).toContain('verify-sql "SELECT 1 = 2" returned false');
    const status = await run({ mode: 'status', 'max-drill-age': '8d' });
    expect(status.exitCode).toBe(1);
    expect(status.errors[0]).toContain('has no successful restore drill');
  });

  it('a restore that pg_restore stops early is a failed drill naming pg_restore, not the checksum', async () => {
    const backup = await run({ source: 'postgres', 'database-url': pg.url('app') });
    pg.psql('postgres', 'CREATE DATABASE scratch4;');
    pg.psql('scratch4', 'CREATE TABLE customers (unrelated int);');
    const drill = await run({ mode: 'restore', 'restore-url': pg.url('scratch4') });
    expect(drill.exitCode).toBe(1);
    expect(drill.errors[0]).toMatch(/^Restore drill of \S+ failed: pg_restore exited with code 1: .*already exists/);
    expect(drill.errors[0]).not.toContain('sha256');
    const record = JSON.parse(readFileSync(join(series(), `${backup.outputs['backup-id']}.drill.json`), 'utf8'));
    expect(record).toMatchObject({ verdict: 'failed', sha256Matches: true });
    // --single-transaction: nothing of the dump was left behind.
    expect(pg.psql('scratch4', "SELECT count(*) FROM pg_tables WHERE schemaname = 'billing';").trim()).toBe('0');
  });

  it('a database that does not exist fails before anything is written', async () => {
    const result = await run({ source: 'postgres', 'database-url': pg.url('nosuchdb') });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toContain('Could not connect to the database: database "nosuchdb" does not exist');
    expect(result.log).not.toContain(pg.password);
    expect(existsSync(join(workspace, 'backups'))).toBe(false);
  });

  it('a pg_dump that writes its whole dump and then exits 1 publishes nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pg-failing-'));
    writeFileSync(
      join(folder, 'pg_dump'),
      `#!/bin/sh\n[ "$1" = --version ] && exec "${pg.bin}/pg_dump" --version\n"${pg.bin}/pg_dump" "$@"\necho "pg_dump: error: lost the connection" >&2\nexit 1\n`,
    );
    chmodSync(join(folder, 'pg_dump'), 0o755);
    writeFileSync(join(folder, 'pg_restore'), `#!/bin/sh\nexec "${pg.bin}/pg_restore" "$@"\n`);
    chmodSync(join(folder, 'pg_restore'), 0o755);
    const result = await run(
      { source: 'postgres', 'database-url': pg.url('app') },
      { env: { PATH: `${folder}:${process.env.PATH}` } },
    );
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'pg_dump exited with code 1: pg_dump: error: lost the connection. Nothing was stored.',
    ]);
    expect(existsSync(series()) ? readdirSync(series()) : []).toEqual([]);
  });

  it('a truncated dump that exits 0 is caught by the full read and publishes nothing', async () => {
    // The classic failure: pg_dump behind a pipe without pipefail leaves a short file and exit 0.
    const folder = mkdtempSync(join(tmpdir(), 'pg-truncating-'));
    writeFileSync(
      join(folder, 'pg_dump'),
      `#!/bin/sh\n[ "$1" = --version ] && exec "${pg.bin}/pg_dump" --version\n"${pg.bin}/pg_dump" "$@" | head -c 3000\n`,
    );
    chmodSync(join(folder, 'pg_dump'), 0o755);
    writeFileSync(join(folder, 'pg_restore'), `#!/bin/sh\nexec "${pg.bin}/pg_restore" "$@"\n`);
    chmodSync(join(folder, 'pg_restore'), 0o755);
    const result = await run(
      { source: 'postgres', 'database-url': pg.url('app') },
      { env: { PATH: `${folder}:${process.env.PATH}` } },
    );
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(
      /^pg_restore \(full read of the dump\) exited with code 1: .+\. Nothing was stored\.$/,
    );
    expect(result.log).not.toContain('a bug in shipshape');
    expect(existsSync(series()) ? readdirSync(series()) : []).toEqual([]);
  });

  it('a role that may not read every table fails before anything is written', async () => {
    pg.psql(
      'app',
      `CREATE ROLE limited LOGIN PASSWORD 'limited-pw'; GRANT CONNECT ON DATABASE app TO limited;
      CREATE TABLE secret_stuff (x int); INSERT INTO secret_stuff VALUES (1);`,
    );
    try {
      const result = await run({ source: 'postgres', 'database-url': pg.url('app', 'limited', 'limited-pw') });
      expect(result.exitCode).toBe(1);
      expect(result.errors[0]).toMatch(/permission denied/);
      expect(existsSync(series()) ? readdirSync(series()) : []).toEqual([]);
    } finally {
      pg.psql('app', 'DROP TABLE secret_stuff; REVOKE CONNECT ON DATABASE app FROM limited; DROP ROLE limited;');
    }
  });
});
