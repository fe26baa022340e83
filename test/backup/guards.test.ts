// Guards around pruning, and restore extraction that never escapes its folder.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { extractInto, unsafeEntry } from '../../actions/backup/src/files.ts';
import { planPrune } from '../../actions/backup/src/prune.ts';
import type { BackupManifest } from '../../src/kernel/backup-manifest.ts';

const backup = (day: number, verified = true) =>
  ({
    id: `202611${String(day).padStart(2, '0')}T030000Z-aaaa`,
    createdAt: `2026-11-${String(day).padStart(2, '0')}T03:00:00.000Z`,
    verified,
  }) as BackupManifest;

describe('planPrune', () => {
  it('follows the retention plan', () => {
    const plan = planPrune([backup(1), backup(2), backup(3)], { last: 2 });
    expect(plan).toMatchObject({ ok: true, notes: [] });
    if (plan.ok) expect(plan.plan.remove.map((b) => b.id)).toEqual(['20261101T030000Z-aaaa']);
  });

  it('never removes the newest verified backup, even when no rule keeps it', () => {
    // keep-last 0 keeps nothing by rule; the newest verified backup stays anyway.
    const plan = planPrune([backup(1), backup(2), backup(3, false)], { last: 0 });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.plan.keep.map((b) => [b.id, b.reasons])).toEqual([
      ['20261102T030000Z-aaaa', ['newest verified backup (never removed)']],
    ]);
    expect(plan.plan.remove.map((b) => b.id)).toEqual(['20261103T030000Z-aaaa', '20261101T030000Z-aaaa']);
    expect(plan.notes).toEqual([
      '20261102T030000Z-aaaa is the newest verified backup: kept although no rule keeps it.',
    ]);
  });

  it('refuses a plan that would keep nothing', () => {
    const plan = planPrune([backup(1, false), backup(2, false)], { daily: 0 });
    expect(plan).toEqual({
      ok: false,
      reason: 'the retention rules would keep none of the 2 backups; nothing was deleted. Raise a keep-* count.',
    });
  });
});

describe('unsafeEntry', () => {
  const root = '/restore/here';
  it.each([
    [{ path: 'data/a.txt', type: 'File' }, undefined],
    [{ path: 'data/link', type: 'SymbolicLink', linkpath: 'a.txt' }, undefined],
    [{ path: 'data/link', type: 'SymbolicLink', linkpath: '../other/x' }, undefined],
    [{ path: '/etc/passwd', type: 'File' }, '"/etc/passwd" is an absolute path'],
    [{ path: '../escape.txt', type: 'File' }, '"../escape.txt" climbs out with ".."'],
    [{ path: 'a/../../escape', type: 'File' }, '"a/../../escape" climbs out with ".."'],
    [{ path: 'link', type: 'SymbolicLink', linkpath: '/etc' }, '"link" is a link to "/etc", outside the folder'],
    [
      { path: 'data/link', type: 'SymbolicLink', linkpath: '../../x' },
      '"data/link" is a link to "../../x", outside the folder',
    ],
    [{ path: 'hard', type: 'Link', linkpath: '../outside' }, '"hard" is a link to "../outside", outside the folder'],
  ])('%j', (entry, why) => {
    expect(unsafeEntry(root, entry)).toBe(why);
  });
});

describe('extractInto', () => {
  function craftedTar(build: (dir: string) => string[]): Buffer {
    const dir = mkdtempSync(join(tmpdir(), 'crafted-'));
    const args = build(dir);
    return execFileSync('python3', ['-c', PYTHON_TAR, ...args], { cwd: dir });
  }
  // Python's tarfile writes member names exactly as given, which is how a hostile archive looks.
  const PYTHON_TAR = `
import io, sys, tarfile
out = io.BytesIO()
with tarfile.open(fileobj=out, mode='w') as tar:
    for spec in sys.argv[1:]:
        kind, name, extra = spec.split(':', 2)
        info = tarfile.TarInfo(name)
        if kind == 'file':
            data = extra.encode()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        else:
            info.type = tarfile.SYMTYPE
            info.linkname = extra
            tar.addfile(info)
sys.stdout.buffer.write(out.getvalue())
`;

  it('extracts a normal archive', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'restore-')), 'out');
    const tar = craftedTar(() => ['file:data/a.txt:alpha', 'link:data/b:a.txt']);
    expect(await extractInto(root, Readable.from([tar]))).toEqual({ files: 1 });
    expect(readFileSync(join(root, 'data/b'), 'utf8')).toBe('alpha');
  });

  it.each([
    [['file:../escape.txt:x'], '"../escape.txt" climbs out with ".."'],
    [['file:/tmp/absolute-escape.txt:x'], '"/tmp/absolute-escape.txt" is an absolute path'],
    [['link:evil:/etc', 'file:evil/passwd:x'], '"evil" is a link to "/etc", outside the folder'],
  ])('refuses %j', async (members, why) => {
    const parent = mkdtempSync(join(tmpdir(), 'restore-'));
    const root = join(parent, 'out');
    mkdirSync(root);
    writeFileSync(join(parent, 'marker'), '');
    await expect(extractInto(root, Readable.from([craftedTar(() => members)]))).rejects.toThrow(
      `refused to extract: ${why}`,
    );
    expect(existsSync(join(parent, 'escape.txt'))).toBe(false);
    expect(existsSync(join(root, 'evil'))).toBe(false);
  });
});
