// A throwaway PostgreSQL cluster for tests (Debian's packages, TOOLCHAIN.md's recipe): initdb into a
// temp folder, start on a free loopback port with password authentication over TCP, stop and delete
// on cleanup. Runs the server as the `postgres` user when the tests run as root.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresCluster {
  port: number;
  /** The superuser's password (scram over TCP). */
  password: string;
  bin: string;
  major: number;
  /** postgres://postgres:<password>@127.0.0.1:<port>/<database> */
  url(database: string, user?: string, password?: string): string;
  /** Runs SQL with psql (ON_ERROR_STOP) against a database; returns stdout. */
  psql(database: string, sql: string): string;
  stop(): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function pgBin(): string {
  for (const major of ['15', '16', '17']) {
    const bin = `/usr/lib/postgresql/${major}/bin`;
    if (existsSync(join(bin, 'initdb'))) return bin;
  }
  const found = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (found.status === 0 && existsSync(join(found.stdout.trim(), 'initdb'))) return found.stdout.trim();
  throw new Error(
    'PostgreSQL server binaries (initdb) are missing: install the Debian package postgresql-15 (apt-get install -y postgresql-15).',
  );
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = pgBin();
  const major = Number(/postgresql\/(\d+)\//.exec(bin)?.[1] ?? '15');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-pg-'));
  chmodSync(dir, 0o755);
  let uid = 0;
  let gid = 0;
  if (asRoot) {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (program: string, args: string[]) => {
    const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
    const result = spawnSync(command, argv, { cwd: '/', encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  let port: number;
  let password: string;
  // Interrupted or failed half-way (Ctrl-C during initdb, say): stop whatever started and remove the
  // folder, which holds the password file.
  try {
    password = `pw-${Math.random().toString(36).slice(2, 12)}`;
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${password}\n`);
    if (asRoot) chownSync(pwfile, uid, gid);
    run(join(bin, 'initdb'), [
      '-D',
      join(dir, 'data'),
      '-U',
      'postgres',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      `--pwfile=${pwfile}`,
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    port = await freePort();
    run(join(bin, 'pg_ctl'), [
      '-D',
      join(dir, 'data'),
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
      'start',
    ]);
    rmSync(pwfile, { force: true });
  } catch (error) {
    if (existsSync(join(dir, 'data', 'postmaster.pid'))) {
      spawnSync(asRoot ? 'runuser' : join(bin, 'pg_ctl'), [
        ...(asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl')] : []),
        '-D',
        join(dir, 'data'),
        '-m',
        'immediate',
        '-w',
        'stop',
      ]);
    }
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  return {
    port,
    password,
    bin,
    major,
    url: (database, user = 'postgres', pass = password) =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    psql(database, sql) {
      const result = spawnSync(
        join(bin, 'psql'),
        [
          '-X',
          '-q',
          '-A',
          '-t',
          '-v',
          'ON_ERROR_STOP=1',
          '-h',
          dir,
          '-p',
          String(port),
          '-U',
          'postgres',
          '-d',
          database,
        ],
        { input: sql, encoding: 'utf8', cwd: '/' },
      );
      if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
      return result.stdout;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
