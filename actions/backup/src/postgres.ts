// PostgreSQL adapter: server version, pg_dump/pg_restore selection, snapshot-consistent row counts,
// and the restore-side checks. The `pg` client is loaded only here, only when a run needs it; the
// password reaches the binaries through PGPASSWORD, never through their arguments.
import { execFile } from 'node:child_process';
import { readdirSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from 'pg';
import { UserError } from '../../../src/kernel/errors.ts';
import { childEnv } from './processes.ts';

const run = promisify(execFile);

export interface PgConnection {
  /** The URL for argv: no password anywhere in it. */
  urlWithoutPassword: string;
  password?: string;
  database: string;
}

/** Splits a postgres:// URL into what may be on a command line and the password. */
export function splitPgUrl(text: string): PgConnection {
  const url = new URL(text);
  const password = url.password ? decodeURIComponent(url.password) : (url.searchParams.get('password') ?? undefined);
  url.password = '';
  url.searchParams.delete('password');
  return {
    urlWithoutPassword: url.toString(),
    password,
    database: decodeURIComponent(url.pathname.slice(1)),
  };
}

/** Env for pg_dump / pg_restore / psql: the password by environment. */
export function pgEnv(connection: PgConnection): NodeJS.ProcessEnv {
  return childEnv({ PGPASSWORD: connection.password, PGCONNECT_TIMEOUT: process.env.PGCONNECT_TIMEOUT ?? '15' });
}

export async function connect(url: string): Promise<Client> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new UserError(`Could not connect to the database: ${describePgError(error)}`);
  }
  return client;
}

/** A pg error without anything that could carry the URL. */
export function describePgError(error: unknown): string {
  const pgError = error as { message?: string; code?: string };
  return `${pgError.message ?? String(error)}${pgError.code ? ` (SQLSTATE ${pgError.code})` : ''}`;
}

export interface ServerVersion {
  /** e.g. "15.18" */
  version: string;
  major: number;
}

export async function serverVersion(client: Client): Promise<ServerVersion> {
  const answer = await client.query<{ server_version: string; num: string }>(
    "SELECT current_setting('server_version') AS server_version, current_setting('server_version_num') AS num",
  );
  const row = answer.rows[0];
  return { version: row.server_version.split(' ')[0], major: Math.floor(Number(row.num) / 10_000) };
}

export interface PgClientTool {
  /** Absolute path of pg_dump. */
  path: string;
  /** e.g. "15.10" */
  version: string;
  major: number;
}

/** pg_dump binaries on PATH and in /usr/lib/postgresql/<major>/bin, with their versions. */
export async function findPgDumps(
  pathEnv = process.env.PATH ?? '',
  libRoot = '/usr/lib/postgresql',
): Promise<PgClientTool[]> {
  const candidates: string[] = pathEnv
    .split(delimiter)
    .filter(Boolean)
    .map((folder) => join(folder, 'pg_dump'));
  try {
    for (const major of readdirSync(libRoot)) candidates.push(join(libRoot, major, 'bin', 'pg_dump'));
  } catch {
    // no Debian-style installation
  }
  const found: PgClientTool[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    let real: string;
    try {
      real = realpathSync(candidate);
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    try {
      const { stdout } = await run(candidate, ['--version'], { env: childEnv(), timeout: 10_000 });
      const match = /(\d+)(?:\.(\d+))?/.exec(stdout);
      if (match)
        found.push({
          path: candidate,
          version: match[2] ? `${match[1]}.${match[2]}` : match[1],
          major: Number(match[1]),
        });
    } catch {
      // not runnable
    }
  }
  return found;
}

/**
 * The pg_dump to use for a server: the same major if there is one, else the oldest newer one;
 * undefined when every client is older than the server.
 */
export function choosePgDump(serverMajor: number, tools: readonly PgClientTool[]): PgClientTool | undefined {
  const fitting = tools.filter((tool) => tool.major >= serverMajor).sort((a, b) => a.major - b.major);
  return fitting[0];
}

/** The message when no pg_dump fits: the server's version, what was found, and how to install one. */
export function noPgDumpMessage(server: ServerVersion, tools: readonly PgClientTool[]): string {
  const found =
    tools.length === 0
      ? 'no pg_dump was found (looked on PATH and in /usr/lib/postgresql/*/bin)'
      : `found ${tools.map((tool) => `pg_dump ${tool.version} (${tool.path})`).join(', ')}`;
  return (
    `The database server runs PostgreSQL ${server.version}, and pg_dump must be of major ${server.major} or newer; ${found}. ` +
    `Install the client before this step, e.g. on Ubuntu runners: sudo apt-get install -y postgresql-common && sudo /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y && sudo apt-get install -y postgresql-client-${server.major}.`
  );
}

export function pgRestoreBeside(pgDump: string): string {
  return join(dirname(pgDump), 'pg_restore');
}

export interface Snapshot {
  id: string;
  rowCounts: Record<string, number>;
  /** Ends the transaction that keeps the snapshot alive. */
  release(): Promise<void>;
}

/**
 * Opens a repeatable-read transaction, exports its snapshot for pg_dump, and counts every table's
 * rows in that same snapshot, so the manifest's counts describe exactly what the dump holds.
 */
export async function exportSnapshot(client: Client): Promise<Snapshot> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const { rows } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
  const rowCounts = await countRows(client);
  return {
    id: rows[0].id,
    rowCounts,
    release: async () => {
      await client.query('COMMIT');
    },
  };
}

/** Row counts of every ordinary table outside the system schemas and extensions, as `schema.table`. */
export async function countRows(client: Client): Promise<Record<string, number>> {
  const { rows: tables } = await client.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r'
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
      ORDER BY 1, 2`,
  );
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) AS count FROM ${quoteIdent(table.schema)}.${quoteIdent(table.name)}`,
    );
    counts[`${table.schema}.${table.name}`] = Number(rows[0].count);
  }
  return counts;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface SqlCheck {
  sql: string;
  ok: boolean;
  /** The first column of the first row, as text; or the error. */
  value: string;
}

/** Runs each query; it passes when its first column of its first row is true. */
export async function runVerifySql(client: Client, queries: readonly string[]): Promise<SqlCheck[]> {
  const checks: SqlCheck[] = [];
  for (const sql of queries) {
    try {
      const answer = await client.query({ text: sql, rowMode: 'array' });
      const value = answer.rows[0]?.[0];
      checks.push({ sql, ok: value === true, value: value === undefined ? '(no rows)' : String(value) });
    } catch (error) {
      checks.push({ sql, ok: false, value: `error: ${describePgError(error)}` });
    }
  }
  return checks;
}
