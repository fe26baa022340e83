// The shared destination reader: lists the manifests of one series at a folder destination.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listManifests, parseDestination } from '../../src/kernel/backup-store.ts';

function manifest(id: string, name = 'app-db') {
  return {
    version: 1,
    id,
    name,
    createdAt: '2026-11-25T03:00:00.000Z',
    completedAt: '2026-11-25T03:00:05.000Z',
    source: { type: 'files', files: 2 },
    file: `${id}.tar.gz`,
    sizeBytes: 10,
    sha256: 'a'.repeat(64),
    compression: 'gzip',
    encryption: null,
    verified: true,
  };
}

describe('parseDestination', () => {
  it('reads folders and s3 addresses', () => {
    expect(parseDestination('backups')).toEqual({ kind: 'folder', path: 'backups' });
    expect(parseDestination('s3://my-bucket/db/prod/')).toEqual({ kind: 's3', bucket: 'my-bucket', prefix: 'db/prod' });
    expect(parseDestination('s3://my-bucket')).toEqual({ kind: 's3', bucket: 'my-bucket', prefix: '' });
  });
  it('refuses other schemes, bad buckets and dot segments', () => {
    expect(parseDestination('gs://bucket/x')).toHaveProperty('error');
    expect(parseDestination('s3://Bad_Bucket/x')).toHaveProperty('error');
    expect(parseDestination('s3://bucket/../x')).toHaveProperty('error');
  });
});

describe('listManifests at a folder', () => {
  it('lists valid manifests oldest first and reports broken ones; data without a manifest is not a backup', async () => {
    const root = mkdtempSync(join(tmpdir(), 'store-'));
    const series = join(root, 'app-db');
    mkdirSync(series);
    const newer = '20261125T030000Z-bbbb';
    const older = '20261124T030000Z-aaaa';
    writeFileSync(join(series, `${newer}.manifest.json`), JSON.stringify(manifest(newer)));
    writeFileSync(join(series, `${older}.manifest.json`), JSON.stringify(manifest(older)));
    writeFileSync(join(series, '20261126T030000Z-cccc.tar.gz'), 'data without manifest');
    writeFileSync(join(series, '.20261126T030000Z-dddd.partial'), 'partial');
    writeFileSync(join(series, '20261123T030000Z-eeee.manifest.json'), '{not json');
    writeFileSync(
      join(series, '20261122T030000Z-ffff.manifest.json'),
      JSON.stringify(manifest('20261122T030000Z-ffff', 'other')),
    );
    const listing = await listManifests({ kind: 'folder', path: root }, 'app-db');
    expect(listing.manifests.map((m) => m.id)).toEqual([older, newer]);
    expect(listing.broken).toEqual([
      {
        file: join(series, '20261122T030000Z-ffff.manifest.json'),
        error: 'it belongs to series "other", not "app-db"',
      },
      { file: join(series, '20261123T030000Z-eeee.manifest.json'), error: expect.stringMatching(/^not JSON/) },
    ]);
  });

  it('orders backups taken in the same second by their milliseconds, not their random suffix', async () => {
    const root = mkdtempSync(join(tmpdir(), 'store-'));
    mkdirSync(join(root, 'app-db'));
    const first = { ...manifest('20261125T030000Z-zzzz'), createdAt: '2026-11-25T03:00:00.100Z' };
    const second = { ...manifest('20261125T030000Z-aaaa'), createdAt: '2026-11-25T03:00:00.900Z' };
    for (const item of [first, second]) {
      writeFileSync(join(root, 'app-db', `${item.id}.manifest.json`), JSON.stringify(item));
    }
    const listing = await listManifests(root, 'app-db');
    expect(listing.manifests.map((m) => m.id)).toEqual(['20261125T030000Z-zzzz', '20261125T030000Z-aaaa']);
  });

  it('a missing series folder is an empty listing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'store-'));
    expect(await listManifests(root, 'nothing-here')).toEqual({ manifests: [], broken: [] });
  });
});
