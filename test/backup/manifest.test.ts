// The shared manifest: what counts as a valid manifest, and the one freshness rule.
import { describe, expect, it } from 'vitest';
import { type BackupManifest, judgeFreshness, parseManifest } from '../../src/kernel/backup-manifest.ts';

const ID = '20261125T030000Z-k3f9x2';

function manifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 1,
    id: ID,
    name: 'app-db',
    createdAt: '2026-11-25T03:00:00.000Z',
    completedAt: '2026-11-25T03:00:09.500Z',
    source: {
      type: 'postgres',
      format: 'custom',
      serverVersion: '15.18',
      database: 'app',
      rowCounts: { 'public.orders': 1200 },
    },
    file: `${ID}.dump`,
    sizeBytes: 123456,
    sha256: 'ab'.repeat(32),
    compression: 'none',
    encryption: null,
    verified: true,
    git: { sha: 'f'.repeat(40), runUrl: 'https://github.com/o/r/actions/runs/1' },
    ...overrides,
  };
}

const parse = (value: unknown, file = `${ID}.manifest.json`) => parseManifest(file, JSON.stringify(value));

describe('parseManifest', () => {
  it('accepts the documented shape, also with age encryption', () => {
    expect(parse(manifest())).toEqual({ ok: true, manifest: manifest() });
    const encrypted = manifest({ encryption: { type: 'age', recipients: ['age1xyz'] } });
    expect(parse(encrypted).ok).toBe(true);
  });

  it.each([
    ['version', { version: 2 }, 'version:'],
    ['id', { id: 'latest' }, 'id:'],
    ['name with a slash', { name: 'a/b' }, 'name:'],
    ['createdAt without Z', { createdAt: '2026-11-25T03:00:00' }, 'createdAt: expected an ISO 8601 UTC time'],
    ['negative size', { sizeBytes: -1 }, 'sizeBytes:'],
    ['short sha256', { sha256: 'abc' }, 'sha256:'],
    ['unknown compression', { compression: 'bzip2' }, 'compression:'],
    ['unknown source', { source: { type: 'tape' } }, 'source.type:'],
    ['fractional row count', { source: { type: 'postgres', rowCounts: { t: 1.5 } } }, 'source.rowCounts.t:'],
    ['verified as text', { verified: 'true' }, 'verified:'],
  ])('refuses a manifest with a bad %s', (_what, overrides, error) => {
    const read = parse(manifest(overrides));
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toContain(error);
  });

  it('refuses text that is not JSON, and a manifest stored under another id', () => {
    const notJson = parseManifest(`${ID}.manifest.json`, '{"version": 1,');
    expect(notJson).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON/) });
    expect(parse(manifest(), 'series/20261126T030000Z-aaaa.manifest.json')).toEqual({
      ok: false,
      file: 'series/20261126T030000Z-aaaa.manifest.json',
      error: `its id "${ID}" does not match the file name`,
    });
  });
});

describe('judgeFreshness', () => {
  const at = (id: string, createdAt: string, verified = true) =>
    ({ ...manifest({ id, createdAt, verified }) }) as unknown as BackupManifest;
  const now = new Date('2026-11-26T03:00:00Z');

  it('takes the newest verified backup, ignoring unverified ones', () => {
    const result = judgeFreshness(
      [
        at('20261125T030000Z-aaaa', '2026-11-25T03:00:00.000Z'),
        at('20261126T010000Z-bbbb', '2026-11-26T01:00:00.000Z'),
        at('20261126T020000Z-cccc', '2026-11-26T02:00:00.000Z', false),
      ],
      now,
      3 * 3_600_000,
    );
    expect(result).toEqual({
      latest: expect.objectContaining({ id: '20261126T010000Z-bbbb' }),
      ageSeconds: 7200,
      fresh: true,
    });
  });

  it('is stale at exactly max-age and beyond; no backups is never fresh', () => {
    const list = [at('20261125T030000Z-aaaa', '2026-11-25T03:00:00.000Z')];
    expect(judgeFreshness(list, now, 86_400_000).fresh).toBe(false);
    expect(judgeFreshness(list, now, 86_400_001).fresh).toBe(true);
    expect(judgeFreshness([], now, 86_400_000)).toEqual({ fresh: false });
  });

  it('treats a backup a few minutes in the future (clock skew) as age 0', () => {
    const skewed = new Date(now.getTime() + 5 * 60_000).toISOString();
    const result = judgeFreshness([at('20261127T000000Z-aaaa', skewed)], now, 1000);
    expect(result).toMatchObject({ ageSeconds: 0, aheadMs: 300_000, fresh: true });
  });

  it('never calls a backup fresh whose time lies more than 5 minutes ahead (gate and status agree)', () => {
    const result = judgeFreshness([at('20261127T000000Z-aaaa', '2099-01-01T00:00:00.000Z')], now, 86_400_000);
    expect(result.fresh).toBe(false);
    expect(result.ageSeconds).toBe(0);
    expect(result.aheadMs).toBe(Date.parse('2099-01-01T00:00:00.000Z') - now.getTime());
  });
});
