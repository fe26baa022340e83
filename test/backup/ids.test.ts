// Backup ids sort by time and carry a random suffix; file names follow from source and options.
import { describe, expect, it } from 'vitest';
import { backupId, dataExtension, effectiveCompression, timeOfId } from '../../actions/backup/src/ids.ts';
import { splitCommandLine } from '../../actions/backup/src/words.ts';
import { BACKUP_ID_PATTERN } from '../../src/kernel/backup-manifest.ts';

describe('backupId', () => {
  it('is the UTC start time to the second plus a 6-character suffix', () => {
    const id = backupId(new Date('2026-11-25T03:00:07.913Z'), () => new Uint8Array([0, 1, 25, 26, 35, 36]));
    expect(id).toBe('20261125T030007Z-abz09a');
    expect(BACKUP_ID_PATTERN.test(id)).toBe(true);
    expect(timeOfId(id)).toEqual(new Date('2026-11-25T03:00:07Z'));
  });

  it('sorts by time as text, and differs within the same second', () => {
    const ids = [
      backupId(new Date('2026-01-02T00:00:00Z')),
      backupId(new Date('2025-12-31T23:59:59Z')),
      backupId(new Date('2026-01-01T10:00:00Z')),
    ];
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
    const same = new Set(Array.from({ length: 50 }, () => backupId(new Date('2026-01-01T00:00:00Z'))));
    expect(same.size).toBe(50);
  });
});

describe('file names', () => {
  it.each([
    ['postgres', 'gzip', false, '.dump'],
    ['postgres', 'zstd', true, '.dump.age'],
    ['files', 'gzip', false, '.tar.gz'],
    ['files', 'zstd', true, '.tar.zst.age'],
    ['files', 'none', false, '.tar'],
    ['command', 'gzip', false, '.gz'],
    ['command', 'zstd', false, '.zst'],
    ['command', 'none', true, '.bin.age'],
  ] as const)('%s with %s (encrypted %s) is stored as <id>%s', (source, compression, encrypted, extension) => {
    expect(dataExtension(source, compression, encrypted)).toBe(extension);
  });

  it('never compresses a PostgreSQL custom-format dump again', () => {
    expect(effectiveCompression('postgres', 'gzip')).toBe('none');
    expect(effectiveCompression('files', 'zstd')).toBe('zstd');
  });
});

describe('splitCommandLine', () => {
  it.each([
    ['pg_dump -Fc app', ['pg_dump', '-Fc', 'app']],
    [`tool "two words" 'single $quoted' mixed"x"'y'`, ['tool', 'two words', 'single $quoted', 'mixedxy']],
    ['tool a\\ b "q\\"uote" ""', ['tool', 'a b', 'q"uote', '']],
    ['tool "|" \'>\' --flag=a|b', null],
    ['  spaced   out  ', ['spaced', 'out']],
  ])('%s', (line, words) => {
    const result = splitCommandLine(line);
    if (words) expect(result).toEqual({ ok: true, words });
    else expect(result.ok).toBe(false);
  });

  it('quoted shell operators are plain arguments', () => {
    expect(splitCommandLine(`grep "|" '>' x`)).toEqual({ ok: true, words: ['grep', '|', '>', 'x'] });
  });

  it.each(['a | b', 'a && b', 'a; b', 'a > f', 'a 2>&1', 'a <in', 'a `b`', 'a $(b)', "a 'open", '', 'a \\'])(
    'refuses %j',
    (line) => {
      expect(splitCommandLine(line).ok).toBe(false);
    },
  );
});
