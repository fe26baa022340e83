// The orchestration with injected dependencies: the order of effects a user relies on (plan shown
// before deletion, manifest deleted before data, manifest written last) and ages from a fixed clock.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../actions/backup/src/inputs.ts';
import { type BackupDeps, runBackup } from '../../actions/backup/src/main.ts';
import { type BackupStorage, folderStorage } from '../../actions/backup/src/storage.ts';

let workspace: string;
let events: string[];

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'backup-main-'));
  mkdirSync(join(workspace, 'data'));
  writeFileSync(join(workspace, 'data/a.txt'), 'alpha\n');
  events = [];
});

/** A real folder store that records every write and delete. */
function recording(root: string): BackupStorage {
  const store = folderStorage(root);
  const name = (key: string) => key.split('/').pop() as string;
  return {
    ...store,
    async writeStream(key, partialKey, data) {
      await store.writeStream(key, partialKey, data);
      events.push(`write ${name(key)}`);
    },
    async writeText(key, text) {
      await store.writeText(key, text);
      events.push(`write ${name(key)}`);
    },
    async remove(key) {
      await store.remove(key);
      events.push(`remove ${name(key)}`);
    },
  };
}

function deps(clock: () => Date): BackupDeps {
  return {
    storage: async (config) => recording((config.destination as { path: string }).path),
    now: clock,
    log: { info: () => {}, warning: () => {} },
    report: (markdown) => events.push(`report ${markdown.split('\n')[0]}`),
    git: {},
  };
}

const config = (raw: Record<string, string>) => readConfig({ name: 'app', ...raw }, { workspace }, 'o/r');

describe('runBackup', () => {
  it('writes data, then sidecar, then the manifest last', async () => {
    const at = new Date('2026-11-25T03:00:00.000Z');
    const outcome = await runBackup(
      config({ source: 'files', paths: 'data' }),
      deps(() => at),
    );
    const id = outcome.manifest?.id as string;
    expect(id.startsWith('20261125T030000Z-')).toBe(true);
    expect(events).toEqual([`write ${id}.tar.gz`, `write ${id}.tar.gz.sha256`, `write ${id}.manifest.json`]);
  });

  it('a manifest that cannot be written (disk full) takes the data and sidecar with it', async () => {
    const failing = (root: string): BackupStorage => {
      const store = recording(root);
      return {
        ...store,
        async writeText(key, text) {
          if (key.endsWith('.manifest.json')) {
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          }
          await store.writeText(key, text);
        },
      };
    };
    const at = new Date('2026-11-25T03:00:00.000Z');
    const run = runBackup(config({ source: 'files', paths: 'data' }), {
      ...deps(() => at),
      storage: async (settings) => failing((settings.destination as { path: string }).path),
    });
    await expect(run).rejects.toThrow(
      /^Writing \S+\.manifest\.json failed: the destination is full \(ENOSPC\)\. Nothing was published\.$/,
    );
    const id = events[0].slice('write '.length).replace('.tar.gz', '');
    expect(events).toEqual([
      `write ${id}.tar.gz`,
      `write ${id}.tar.gz.sha256`,
      `remove ${id}.tar.gz.sha256`,
      `remove ${id}.tar.gz`,
    ]);
  });

  it('shows the plan before deleting, and deletes each manifest before its data', async () => {
    let now = new Date('2026-11-20T03:00:00.000Z');
    const clock = () => now;
    const ids: string[] = [];
    for (let day = 0; day < 3; day++) {
      now = new Date(Date.UTC(2026, 10, 20 + day, 3));
      ids.push((await runBackup(config({ source: 'files', paths: 'data' }), deps(clock))).manifest?.id as string);
    }
    events = [];
    now = new Date('2026-11-23T04:30:00.000Z');
    const outcome = await runBackup(config({ mode: 'prune', 'keep-daily': '1' }), deps(clock));
    expect(events).toEqual([
      'report ### Retention plan for app',
      `remove ${ids[1]}.manifest.json`,
      `remove ${ids[1]}.tar.gz.sha256`,
      `remove ${ids[1]}.tar.gz`,
      `remove ${ids[1]}.drill.json`,
      `remove ${ids[0]}.manifest.json`,
      `remove ${ids[0]}.tar.gz.sha256`,
      `remove ${ids[0]}.tar.gz`,
      `remove ${ids[0]}.drill.json`,
    ]);
    expect(outcome.prune?.deleted).toEqual([ids[1], ids[0]]);
    expect(outcome.latest).toEqual({ id: ids[2], ageSeconds: 25 * 3600 + 30 * 60 });
  });

  it('status ages come from the clock, to the second, and fail at max-age', async () => {
    const taken = new Date('2026-11-25T03:00:00.000Z');
    await runBackup(
      config({ source: 'files', paths: 'data' }),
      deps(() => taken),
    );
    const later = (iso: string) => () => new Date(iso);
    const fresh = await runBackup(
      config({ mode: 'status', 'max-age': '24h' }),
      deps(later('2026-11-26T02:59:59.000Z')),
    );
    expect(fresh.latest?.ageSeconds).toBe(86_399);
    expect(fresh.failure).toBeUndefined();
    const stale = await runBackup(
      config({ mode: 'status', 'max-age': '24h' }),
      deps(later('2026-11-26T03:00:00.000Z')),
    );
    expect(stale.failure).toMatch(
      /^Backup status: the newest verified backup \S+ is 24h 0m old, more than max-age 24h 0m\.$/,
    );
  });

  it('a dry run plans and deletes nothing', async () => {
    for (let day = 0; day < 2; day++) {
      await runBackup(
        config({ source: 'files', paths: 'data' }),
        deps(() => new Date(Date.UTC(2026, 10, 20 + day, 3))),
      );
    }
    events = [];
    const outcome = await runBackup(
      config({ mode: 'prune', 'keep-last': '1', 'dry-run': 'true' }),
      deps(() => new Date('2026-11-23T00:00:00Z')),
    );
    expect(events).toEqual(['report ### Retention plan for app (dry run: nothing deleted)']);
    expect(outcome.prune?.plan.remove).toHaveLength(1);
  });
});
