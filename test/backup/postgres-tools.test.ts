// Choosing pg_dump for a server, and keeping the password off command lines.
import { describe, expect, it } from 'vitest';
import { choosePgDump, noPgDumpMessage, splitPgUrl } from '../../actions/backup/src/postgres.ts';

const tool = (major: number, minor = 4) => ({
  path: `/usr/lib/postgresql/${major}/bin/pg_dump`,
  version: `${major}.${minor}`,
  major,
});

describe('choosePgDump', () => {
  it('prefers the server major, else the oldest newer one; never an older one', () => {
    expect(choosePgDump(15, [tool(17), tool(15), tool(16)])).toEqual(tool(15));
    expect(choosePgDump(15, [tool(17), tool(16)])).toEqual(tool(16));
    expect(choosePgDump(16, [tool(14), tool(15)])).toBeUndefined();
    expect(choosePgDump(15, [])).toBeUndefined();
  });

  it('names the server version, the clients found and how to install the right one', () => {
    expect(noPgDumpMessage({ version: '16.2', major: 16 }, [tool(15, 10)])).toBe(
      'The database server runs PostgreSQL 16.2, and pg_dump must be of major 16 or newer; found pg_dump 15.10 (/usr/lib/postgresql/15/bin/pg_dump). ' +
        'Install the client before this step, e.g. on Ubuntu runners: sudo apt-get install -y postgresql-common && sudo /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y && sudo apt-get install -y postgresql-client-16.',
    );
    expect(noPgDumpMessage({ version: '17.0', major: 17 }, [])).toContain(
      'no pg_dump was found (looked on PATH and in /usr/lib/postgresql/*/bin)',
    );
  });
});

describe('splitPgUrl', () => {
  it('takes the password (encoded or as a parameter) out of the URL', () => {
    expect(splitPgUrl('postgres://app:p%40ss%2Fw0rd@db.internal:5433/shop?sslmode=require')).toEqual({
      urlWithoutPassword: 'postgres://app@db.internal:5433/shop?sslmode=require',
      password: 'p@ss/w0rd',
      database: 'shop',
    });
    expect(splitPgUrl('postgresql://app@db/shop?password=secret&sslmode=disable')).toEqual({
      urlWithoutPassword: 'postgresql://app@db/shop?sslmode=disable',
      password: 'secret',
      database: 'shop',
    });
  });
});
