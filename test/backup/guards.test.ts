// Guards around pruning, and restore extraction that never escapes its folder.
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
  /** A tar archive with member names exactly as given (hostile ones included), built by hand. */
  function craftedTar(build: () => string[]): Buffer {
    const blocks: Buffer[] = [];
    for (const spec of build()) {
      const [kind, name, extra] = spec.split(/:(.*?):(.*)/s).filter((part) => part !== '');
      const data = kind === 'file' ? Buffer.from(extra) : Buffer.alloc(0);
      const header = Buffer.alloc(512);
      const put = (text: string, offset: number, length: number) => header.write(text, offset, length, 'utf8');
      put(name, 0, 100);
      put('0000644\0', 100, 8);
      put('0000000\0', 108, 8);
      put('0000000\0', 116, 8);
      put(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 12);
      put('00000000000\0', 136, 12);
      put('        ', 148, 8);
      put(kind === 'file' ? '0' : '2', 156, 1);
      if (kind === 'link') put(extra, 157, 100);
      put('ustar\0', 257, 6);
      put('00', 263, 2);
      let sum = 0;
      for (const byte of header) sum += byte;
      put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
      blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
    }
    blocks.push(Buffer.alloc(1024));
    return Buffer.concat(blocks);
  }

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
