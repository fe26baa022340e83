// Orchestration of the backup action: gather facts (listings, server version, file selection), decide
// (pure modules: retention, guards), then act (write, verify, delete, restore). Bad input never gets
// here; nothing is written before every check that can be made up front has passed.

import { performance } from 'node:perf_hooks';
import { PassThrough, type Readable, type Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as core from '@actions/core';
import {
  BACKUP_MAX_AHEAD_MS,
  type BackupManifest,
  judgeFreshness,
  MANIFEST_SUFFIX,
  MANIFEST_VERSION,
} from '../../../src/kernel/backup-manifest.ts';
import { listManifests } from '../../../src/kernel/backup-store.ts';
import { UserError } from '../../../src/kernel/errors.ts';
import { allowedRootsFromEnv } from '../../../src/kernel/files.ts';
import { readInputsFromEnv } from '../../../src/kernel/inputs.ts';
import { setOutputs, writeSummary } from '../../../src/kernel/report.ts';
import { runAction } from '../../../src/kernel/run.ts';
import { extractInto, selectFiles, tarStream } from './files.ts';
import { backupId, dataExtension, drillName, effectiveCompression, partialName, sidecarName } from './ids.ts';
import { BACKUP_INPUT_NAMES, type BackupConfig, readConfig, SECRET_INPUTS } from './inputs.ts';
import {
  choosePgDump,
  connect,
  countRows,
  describePgError,
  exportSnapshot,
  findPgDumps,
  noPgDumpMessage,
  pgEnv,
  pgRestoreBeside,
  runVerifySql,
  serverVersion,
  splitPgUrl,
} from './postgres.ts';
import { childEnv, findProgram, spawnProgram } from './processes.ts';
import { planPrune } from './prune.ts';
import type { BackupOutcome, DrillRecord, PruneReport, RowCountCheck, VerifyReport } from './result.ts';
import { type BackupStorage, openStorage } from './storage.ts';
import {
  type ChildOutcome,
  checkedOutput,
  compressor,
  decompressor,
  decryptor,
  encryptor,
  formatBytes,
  HashCounter,
  progressIntervalFrom,
  progressReporter,
  teeInto,
  watchChild,
} from './streams.ts';
import { formatAge, outputsFor, renderPlan, summaryFor } from './summary.ts';

/** The action's entry (also what `@github/local-action` calls): real inputs and dependencies. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const raw = readInputsFromEnv(BACKUP_INPUT_NAMES);
    for (const input of SECRET_INPUTS) maskSecret(raw[input]);
    const config = readConfig(raw, allowedRootsFromEnv(), process.env.GITHUB_REPOSITORY);
    const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_SHA } = process.env;
    const outcome = await runBackup(config, {
      storage: (settings) => openStorage(settings.destination, settings.s3),
      now: () => new Date(),
      log: core,
      progressEveryMs: progressIntervalFrom(process.env),
      report: writeSummary,
      git: {
        sha: GITHUB_SHA || undefined,
        runUrl:
          GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID
            ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
            : undefined,
      },
    });
    setOutputs(outputsFor(outcome));
    writeSummary(summaryFor(outcome));
    if (outcome.failure) throw new UserError(outcome.failure);
  });
}

/** Masks a secret input and, for a URL, its password on its own (it may show up decoded). */
function maskSecret(value: string | undefined): void {
  if (!value) return;
  core.setSecret(value);
  try {
    const url = new URL(value);
    if (url.password) {
      core.setSecret(url.password);
      core.setSecret(decodeURIComponent(url.password));
    }
  } catch {
    // not a URL
  }
}

export interface BackupDeps {
  storage: (config: BackupConfig) => Promise<BackupStorage>;
  now: () => Date;
  log: { info(message: string): void; warning(message: string): void };
  /** Appends to the job summary at once (a prune plan is shown before anything is deleted). */
  report: (markdown: string) => void;
  git: { sha?: string; runUrl?: string };
  /** For tests: where to look for pg_dump besides PATH. */
  pgLibRoot?: string;
  progressEveryMs?: number;
}

export async function runBackup(config: BackupConfig, deps: BackupDeps): Promise<BackupOutcome> {
  const started = performance.now();
  const storage = await deps.storage(config);
  const outcome = await dispatch(config, deps, storage);
  for (const broken of outcome.broken) {
    deps.log.warning(`${broken.file} is not a valid manifest (${broken.error}); it is not counted as a backup.`);
  }
  outcome.durationMs = Math.round(performance.now() - started);
  return outcome;
}

async function dispatch(config: BackupConfig, deps: BackupDeps, storage: BackupStorage): Promise<BackupOutcome> {
  switch (config.mode) {
    case 'backup':
      return backup(config, deps, storage);
    case 'verify':
      return verify(config, deps, storage);
    case 'prune':
      return prune(config, deps, storage, { name: config.name, mode: 'prune', durationMs: 0, broken: [] });
    case 'status':
      return status(config, deps, storage);
    case 'restore':
      return restore(config, deps, storage);
  }
}

// ---------------------------------------------------------------- backup

interface PreparedSource {
  /** Starts producing; the stream ends only after every producer exited cleanly. */
  start(): Promise<{ stream: Readable; stages: Transform[]; children: Array<{ kill(): void }> }>;
  /** Facts for the manifest, complete once the stream ended. */
  facts(): BackupManifest['source'];
  /** Called after the data is committed, or on failure. */
  release(): Promise<void>;
}

async function prepareSource(config: BackupConfig, deps: BackupDeps): Promise<PreparedSource> {
  switch (config.source) {
    case 'files':
      return prepareFiles(config);
    case 'command':
      return prepareCommand(config);
    case 'postgres':
      return preparePostgres(config, deps);
    default:
      throw new UserError(`Input 'source' is required when mode is backup.`);
  }
}

async function prepareFiles(config: BackupConfig): Promise<PreparedSource> {
  const skip = config.destination.kind === 'folder' ? [config.destination.path] : [];
  const selection = await selectFiles(config.workspace, config.paths, config.exclude, skip);
  let tar: Awaited<ReturnType<typeof tarStream>> | undefined;
  return {
    async start() {
      tar = await tarStream(config.workspace, selection);
      return { stream: tar.stream, stages: [], children: [] };
    },
    facts: () => ({ type: 'files', format: 'tar', files: tar?.files() ?? 0, paths: config.paths }),
    release: async () => {},
  };
}

async function prepareCommand(config: BackupConfig): Promise<PreparedSource> {
  const [program, ...args] = config.command ?? [];
  const found = findProgram(program, config.workspace);
  if (!found) throw new UserError(`Input 'command': the program "${program}" was not found (PATH and the workspace).`);
  return {
    async start() {
      const child = spawnProgram(found, args, { cwd: config.workspace });
      const exited = watchChild(child);
      const stream = checkedOutput(child, exited, (outcome) => new UserError(describeExit(program, outcome)));
      return { stream, stages: [], children: [child] };
    },
    facts: () => ({ type: 'command', program }),
    release: async () => {},
  };
}

function describeExit(what: string, outcome: ChildOutcome): string {
  const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`;
  const stderr = outcome.stderr ? `: ${outcome.stderr.split('\n').slice(-5).join(' | ')}` : '';
  return `${what} ${how}${stderr}. Nothing was stored.`;
}

async function preparePostgres(config: BackupConfig, deps: BackupDeps): Promise<PreparedSource> {
  const url = config.databaseUrl as string;
  const connection = splitPgUrl(url);
  const client = await connect(url);
  try {
    const server = await serverVersion(client);
    const tools = await findPgDumps(process.env.PATH, deps.pgLibRoot);
    const pgDump = choosePgDump(server.major, tools);
    if (!pgDump) throw new UserError(noPgDumpMessage(server, tools));
    deps.log.info(`Server: PostgreSQL ${server.version}; using pg_dump ${pgDump.version} (${pgDump.path}).`);
    const snapshot = await exportSnapshot(client);
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await snapshot.release().catch(() => {});
      await client.end().catch(() => {});
    };
    return {
      async start() {
        const env = pgEnv(connection);
        const dump = spawnProgram(
          pgDump.path,
          [
            '--format=custom',
            `--snapshot=${snapshot.id}`,
            '--no-password',
            `--dbname=${connection.urlWithoutPassword}`,
          ],
          { env },
        );
        const dumped = watchChild(dump);
        const stream = checkedOutput(dump, dumped, (outcome) => new UserError(describeExit('pg_dump', outcome)));
        // The dump is fully read by pg_restore while it is written: a truncated or corrupt dump fails here.
        const reader = spawnProgram(pgRestoreBeside(pgDump.path), ['--file=/dev/null'], { env, stdin: 'pipe' });
        const read = watchChild(reader);
        const check = teeInto(reader.stdin as Writable, async () => {
          const outcome = await read;
          if (outcome.code !== 0) throw new UserError(describeExit('pg_restore (full read of the dump)', outcome));
        });
        return { stream, stages: [check], children: [dump, reader] };
      },
      facts: () => ({
        type: 'postgres',
        format: 'custom',
        serverVersion: server.version,
        database: connection.database,
        rowCounts: snapshot.rowCounts,
        pgDump: pgDump.version,
      }),
      release,
    };
  } catch (error) {
    await client.end().catch(() => {});
    if (error instanceof UserError) throw error;
    throw new UserError(`PostgreSQL: ${describePgError(error)}`);
  }
}

async function backup(config: BackupConfig, deps: BackupDeps, storage: BackupStorage): Promise<BackupOutcome> {
  const source = config.source;
  if (!source) throw new UserError(`Input 'source' is required when mode is backup.`);
  const prepared = await prepareSource(config, deps);
  const createdAt = deps.now();
  const id = backupId(createdAt);
  const compression = effectiveCompression(source, config.compression);
  const encrypted = config.encryptTo.length > 0;
  const file = `${id}${dataExtension(source, compression, encrypted)}`;
  const key = `${config.name}/${file}`;
  const location = storage.locate(key);
  deps.log.info(`Backing up ${source} to ${location}`);

  const hasher = new HashCounter();
  const progress = progressReporter('backup', () => hasher.bytes, deps.log.info, deps.progressEveryMs);
  let children: Array<{ kill(): void }> = [];
  try {
    const started = await prepared.start();
    children = started.children;
    const stages: Array<Transform | import('node:stream').Duplex> = [...started.stages];
    const compress = compressor(compression);
    if (compress) stages.push(compress);
    if (encrypted) stages.push(await encryptor(config.encryptTo));
    const tail = new PassThrough();
    const produce = pipeline([started.stream, ...stages, hasher, tail]);
    const store = storage.writeStream(key, `${config.name}/${partialName(id)}`, tail);
    const [produced, stored] = await Promise.allSettled([produce, store]);
    if (produced.status === 'rejected' || stored.status === 'rejected') {
      if (stored.status === 'fulfilled') await storage.remove(key).catch(() => {});
      throw rootCause(
        produced.status === 'rejected' ? produced.reason : undefined,
        stored.status === 'rejected' ? stored.reason : undefined,
        location,
      );
    }
  } catch (error) {
    for (const child of children) child.kill();
    throw error;
  } finally {
    progress.stop();
    await prepared.release();
  }

  const sha256 = hasher.sha256();
  // Read back what was stored: the bytes at rest must be the bytes hashed on the way in.
  const readBack = await hashStored(storage, key);
  if (readBack.sha256 !== sha256 || readBack.bytes !== hasher.bytes) {
    await storage.remove(key).catch(() => {});
    throw new UserError(
      `${location} read back as ${readBack.bytes} bytes with sha256 ${readBack.sha256}, but ${hasher.bytes} bytes with sha256 ${sha256} were written; nothing was published.`,
    );
  }
  const sidecarKey = `${config.name}/${sidecarName(file)}`;
  const manifest: BackupManifest = {
    version: MANIFEST_VERSION,
    id,
    name: config.name,
    createdAt: createdAt.toISOString(),
    completedAt: deps.now().toISOString(),
    source: prepared.facts(),
    file,
    sizeBytes: hasher.bytes,
    sha256,
    compression,
    encryption: encrypted ? { type: 'age', recipients: config.encryptTo } : null,
    verified: true,
    git: deps.git,
  };
  try {
    await storage.writeText(sidecarKey, `${sha256}  ${file}\n`);
    await storage.writeText(`${config.name}/${id}${MANIFEST_SUFFIX}`, `${JSON.stringify(manifest, null, 2)}\n`);
  } catch (error) {
    // Without its manifest the data is not a backup; leave nothing half-published behind.
    await storage.remove(sidecarKey).catch(() => {});
    await storage.remove(key).catch(() => {});
    throw describeStoreError(error, storage.locate(`${config.name}/${id}${MANIFEST_SUFFIX}`));
  }
  deps.log.info(`Stored ${formatBytes(hasher.bytes)} as ${location} (sha256 ${sha256}).`);

  const outcome: BackupOutcome = {
    mode: 'backup',
    name: config.name,
    durationMs: 0,
    manifest,
    location,
    verified: true,
    latest: { id, ageSeconds: 0 },
    broken: [],
  };
  if (!config.retention) return outcome;
  try {
    return await prune(config, deps, storage, outcome);
  } catch (error) {
    // The backup is stored and verified; a refused or failed prune fails the step after reporting it.
    if (!(error instanceof UserError)) throw error;
    outcome.failure = error.message;
    return outcome;
  }
}

/**
 * One failure explains a broken pipeline: the producer's own (an exit code, pg_restore's full read)
 * over the store's, and a real I/O error (a full disk) over the "premature close" it causes upstream.
 */
function rootCause(produced: unknown, stored: unknown, location: string): Error {
  const isEcho = (error: unknown) =>
    (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    (error as Error | undefined)?.name === 'AbortError';
  if (produced instanceof UserError) return produced;
  if (stored !== undefined && !isEcho(stored)) return describeStoreError(stored, location);
  if (produced !== undefined && !isEcho(produced)) return produced as Error;
  return describeStoreError(stored ?? produced, location);
}

function describeStoreError(error: unknown, location: string): Error {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new UserError(`Writing ${location} failed: the destination is full (${code}). Nothing was published.`);
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new UserError(`Writing ${location} failed: not allowed (${code}). Nothing was published.`);
  }
  const message = (error as Error).message ?? String(error);
  return new Error(`Writing ${location} failed: ${message}. Nothing was published.`);
}

async function hashStored(storage: BackupStorage, key: string): Promise<{ sha256: string; bytes: number }> {
  const hasher = new HashCounter();
  await pipeline(await storage.readStream(key), hasher, async (source: AsyncIterable<Buffer>) => {
    for await (const _ of source) {
      // drain
    }
  });
  return { sha256: hasher.sha256(), bytes: hasher.bytes };
}

// ---------------------------------------------------------------- choosing a backup

async function pickBackup(config: BackupConfig, storage: BackupStorage) {
  const listing = await listManifests(storage, config.name);
  const manifest = config.backupId
    ? listing.manifests.find((candidate) => candidate.id === config.backupId)
    : [...listing.manifests].reverse().find((candidate) => candidate.verified);
  if (!manifest) {
    const what = config.backupId ? `backup ${config.backupId}` : 'a verified backup';
    throw new UserError(
      `There is no ${what} of series "${config.name}" at ${storage.where} (${listing.manifests.length} backup${listing.manifests.length === 1 ? '' : 's'} listed).`,
    );
  }
  if (manifest.encryption && !config.identity && config.mode === 'restore') {
    throw new UserError(`Input 'identity' is required: backup ${manifest.id} is encrypted with age.`);
  }
  return { manifest, broken: listing.broken };
}

/** Opens the stored file, hashing it as read, and yields the plaintext stream (decrypted, decompressed). */
async function openPlain(storage: BackupStorage, manifest: BackupManifest, identity: string | undefined) {
  const key = `${manifest.name}/${manifest.file}`;
  const hasher = new HashCounter();
  const stages: Array<Transform | import('node:stream').Duplex> = [hasher];
  const canRead = !manifest.encryption || Boolean(identity);
  if (manifest.encryption && identity) stages.push(await decryptor(identity));
  const decompress = canRead ? decompressor(manifest.compression) : undefined;
  if (decompress) stages.push(decompress);
  return { stream: await storage.readStream(key), stages, hasher, canRead, location: storage.locate(key) };
}

// ---------------------------------------------------------------- verify

async function verify(config: BackupConfig, deps: BackupDeps, storage: BackupStorage): Promise<BackupOutcome> {
  const { manifest, broken } = await pickBackup(config, storage);
  const report = await verifyStored(storage, manifest, config.identity, deps);
  const outcome: BackupOutcome = {
    mode: 'verify',
    name: config.name,
    durationMs: 0,
    manifest,
    location: report.location,
    verify: report,
    verified: report.problems.length === 0,
    broken,
  };
  if (report.problems.length > 0) {
    outcome.failure = `Backup ${manifest.id} failed verification: ${report.problems.join('; ')}`;
  }
  return outcome;
}

async function verifyStored(
  storage: BackupStorage,
  manifest: BackupManifest,
  identity: string | undefined,
  deps: BackupDeps,
): Promise<VerifyReport> {
  const problems: string[] = [];
  const checks: string[] = [];
  const sidecarKey = `${manifest.name}/${sidecarName(manifest.file)}`;
  const location = storage.locate(`${manifest.name}/${manifest.file}`);
  try {
    const line = (await storage.readText(sidecarKey)).trim();
    const [sum, name] = line.split(/\s+\*?/);
    if (sum !== manifest.sha256 || name !== manifest.file) {
      problems.push(
        `${storage.locate(sidecarKey)} says "${line}", the manifest says ${manifest.sha256} ${manifest.file}`,
      );
    }
  } catch (error) {
    problems.push(`${storage.locate(sidecarKey)} is unreadable (${(error as Error).message})`);
  }
  let opened: Awaited<ReturnType<typeof openPlain>>;
  try {
    opened = await openPlain(storage, manifest, identity);
  } catch (error) {
    problems.push(`${location} is unreadable (${(error as Error).message})`);
    return { location, sha256: '', sizeBytes: 0, checks, problems };
  }
  const progress = progressReporter('verify', () => opened.hasher.bytes, deps.log.info, deps.progressEveryMs);
  let readError: string | undefined;
  try {
    await pipeline([opened.stream, ...opened.stages, await fullReader(manifest, opened.canRead)] as never);
  } catch (error) {
    readError = (error as Error).message;
  } finally {
    progress.stop();
  }
  let sha256 = opened.hasher.bytes > 0 ? opened.hasher.sha256() : '';
  let bytes = opened.hasher.bytes;
  if (readError !== undefined && bytes !== manifest.sizeBytes) {
    // The read stopped early (a decompressor or age choked): hash the whole file on its own, since a
    // flipped byte is best described as a checksum mismatch, whatever it broke downstream.
    try {
      ({ sha256, bytes } = await hashStored(storage, `${manifest.name}/${manifest.file}`));
    } catch {
      // keep what was hashed; the read error is reported
    }
  }
  if (sha256 !== manifest.sha256 || bytes !== manifest.sizeBytes) {
    problems.push(
      `${location}: sha256 is ${sha256} (${bytes} bytes), the manifest says ${manifest.sha256} (${manifest.sizeBytes} bytes)`,
    );
  } else if (readError !== undefined) {
    problems.push(`${location}: ${readError}`);
  } else {
    checks.push('sha256 and size match the manifest and the sidecar');
    if (opened.canRead) checks.push(fullReadWords(manifest));
    else checks.push('encrypted and no identity given: checksum only, contents not read');
  }
  return { location, sha256, sizeBytes: bytes, checks, problems };
}

function fullReadWords(manifest: BackupManifest): string {
  const decrypted = manifest.encryption ? 'decrypted, ' : '';
  if (manifest.source.type === 'postgres') return `${decrypted}full read by pg_restore`;
  if (manifest.source.type === 'files') return `${decrypted}decompressed and every tar entry read`;
  return `${decrypted}decompressed completely`;
}

/** The last stage of a verification read: pg_restore -f /dev/null, a tar parse, or a drain. */
async function fullReader(
  manifest: BackupManifest,
  canRead: boolean,
): Promise<Writable | ((source: AsyncIterable<Buffer>) => Promise<void>)> {
  const drain = async (source: AsyncIterable<Buffer>) => {
    for await (const _ of source) {
      // read to the end
    }
  };
  if (!canRead) return drain;
  if (manifest.source.type === 'postgres') {
    const tools = await findPgDumps();
    const major = Number(String(manifest.source.serverVersion ?? '0').split('.')[0]);
    const tool = choosePgDump(major, tools) ?? tools.sort((a, b) => b.major - a.major)[0];
    if (!tool) throw new UserError('Verifying a PostgreSQL backup needs pg_restore; none was found.');
    const reader = spawnProgram(pgRestoreBeside(tool.path), ['--file=/dev/null'], { stdin: 'pipe', env: childEnv() });
    const read = watchChild(reader);
    return async (source: AsyncIterable<Buffer>) => {
      const tee = teeInto(reader.stdin as Writable, async () => {
        const outcome = await read;
        if (outcome.code !== 0) throw new Error(describeExit('pg_restore (full read)', outcome));
      });
      await pipeline(source, tee, drain);
    };
  }
  if (manifest.source.type === 'files') {
    const tar = await import('tar');
    return tar.t({ strict: true }) as unknown as Writable;
  }
  return drain;
}

// ---------------------------------------------------------------- prune

async function prune(
  config: BackupConfig,
  deps: BackupDeps,
  storage: BackupStorage,
  outcome: BackupOutcome,
): Promise<BackupOutcome> {
  const policy = config.retention;
  if (!policy) return outcome;
  const listing = await listManifests(storage, config.name);
  outcome.broken = listing.broken;
  const guarded = planPrune(listing.manifests, policy);
  if (!guarded.ok) throw new UserError(`Prune refused: ${guarded.reason}`);
  const report: PruneReport = { plan: guarded.plan, dryRun: config.dryRun, deleted: [], notes: guarded.notes };
  outcome.prune = report;
  // The plan is in the summary before the first deletion.
  deps.report(renderPlan(report, config.name));
  if (!config.dryRun) {
    const byId = new Map(listing.manifests.map((manifest) => [manifest.id, manifest]));
    for (const backup of guarded.plan.remove) {
      const manifest = byId.get(backup.id);
      if (!manifest) continue;
      // Manifest first: a prune cut short never leaves a "valid" backup without its data.
      await storage.remove(`${config.name}/${manifest.id}${MANIFEST_SUFFIX}`);
      await storage.remove(`${config.name}/${sidecarName(manifest.file)}`);
      await storage.remove(`${config.name}/${manifest.file}`);
      await storage.remove(`${config.name}/${drillName(manifest.id)}`);
      report.deleted.push(manifest.id);
      deps.log.info(`Removed backup ${manifest.id}.`);
    }
  }
  const freshness = judgeFreshness(
    listing.manifests.filter((manifest) => !report.deleted.includes(manifest.id)),
    deps.now(),
    Number.POSITIVE_INFINITY,
  );
  if (freshness.latest) outcome.latest = { id: freshness.latest.id, ageSeconds: freshness.ageSeconds ?? 0 };
  return outcome;
}

// ---------------------------------------------------------------- status

async function newestDrill(storage: BackupStorage, name: string, now: Date) {
  const files = (await storage.list(name)).filter((file) => file.endsWith('.drill.json'));
  let newest: { id: string; at: number } | undefined;
  for (const file of files) {
    try {
      const record = JSON.parse(await storage.readText(`${name}/${file}`)) as Partial<DrillRecord>;
      const at = Date.parse(String(record.finishedAt));
      if (
        record.verdict === 'passed' &&
        typeof record.id === 'string' &&
        !Number.isNaN(at) &&
        (!newest || at > newest.at)
      ) {
        newest = { id: record.id, at };
      }
    } catch {
      // an unreadable drill record is no evidence of a drill
    }
  }
  return newest && { id: newest.id, ageSeconds: Math.floor(Math.max(0, now.getTime() - newest.at) / 1000) };
}

async function status(config: BackupConfig, deps: BackupDeps, storage: BackupStorage): Promise<BackupOutcome> {
  const listing = await listManifests(storage, config.name);
  const now = deps.now();
  const freshness = judgeFreshness(listing.manifests, now, config.maxAgeMs);
  const outcome: BackupOutcome = { mode: 'status', name: config.name, durationMs: 0, broken: listing.broken };
  if (freshness.latest) {
    outcome.manifest = freshness.latest;
    outcome.latest = { id: freshness.latest.id, ageSeconds: freshness.ageSeconds ?? 0 };
  }
  outcome.latestDrill = await newestDrill(storage, config.name, now);
  const failures: string[] = [];
  if (!freshness.latest) failures.push(`series "${config.name}" has no verified backup at ${storage.where}`);
  else if ((freshness.aheadMs ?? 0) > BACKUP_MAX_AHEAD_MS) {
    failures.push(
      `the newest verified backup ${freshness.latest.id} was created ${formatAge(Math.floor((freshness.aheadMs ?? 0) / 1000))} in the future (${freshness.latest.createdAt}): its time cannot be trusted`,
    );
  } else if (!freshness.fresh) {
    failures.push(
      `the newest verified backup ${freshness.latest.id} is ${formatAge(freshness.ageSeconds ?? 0)} old, more than max-age ${formatAge(config.maxAgeMs / 1000)}`,
    );
  }
  if (config.maxDrillAgeMs !== undefined) {
    if (!outcome.latestDrill) failures.push(`series "${config.name}" has no successful restore drill`);
    else if (outcome.latestDrill.ageSeconds * 1000 >= config.maxDrillAgeMs) {
      failures.push(
        `the newest successful restore drill (of ${outcome.latestDrill.id}) is ${formatAge(outcome.latestDrill.ageSeconds)} old, more than max-drill-age ${formatAge(config.maxDrillAgeMs / 1000)}`,
      );
    }
  }
  if (failures.length > 0) outcome.failure = `Backup status: ${failures.join('; ')}.`;
  return outcome;
}

// ---------------------------------------------------------------- restore

async function restore(config: BackupConfig, deps: BackupDeps, storage: BackupStorage): Promise<BackupOutcome> {
  const { manifest, broken } = await pickBackup(config, storage);
  const type = manifest.source.type;
  if (type === 'postgres' && !config.restoreUrl) {
    throw new UserError(`Input 'restore-url' is required: backup ${manifest.id} is a PostgreSQL dump.`);
  }
  if (type !== 'postgres' && !config.restoreDir) {
    throw new UserError(`Input 'restore-dir' is required: backup ${manifest.id} is a ${type} backup.`);
  }
  if (type === 'command') {
    throw new UserError(
      `Backup ${manifest.id} is a command's output: restore it with the tool that reads it; use mode verify to check it.`,
    );
  }
  const startedAt = deps.now();
  const started = performance.now();
  const problems: string[] = [];
  const rowCounts: RowCountCheck[] = [];
  let verifySql: DrillRecord['verifySql'] = [];
  let files: number | undefined;
  let target = '';
  const opened = await openPlain(storage, manifest, config.identity);
  const progress = progressReporter('restore', () => opened.hasher.bytes, deps.log.info, deps.progressEveryMs);
  try {
    if (type === 'postgres') {
      const connection = splitPgUrl(config.restoreUrl as string);
      target = connection.urlWithoutPassword;
      const tools = await findPgDumps(process.env.PATH, deps.pgLibRoot);
      const client = await connect(config.restoreUrl as string);
      try {
        const server = await serverVersion(client);
        const tool = choosePgDump(server.major, tools);
        if (!tool) throw new UserError(noPgDumpMessage(server, tools).replace(/pg_dump/g, 'pg_restore'));
        const restorer = spawnProgram(
          pgRestoreBeside(tool.path),
          [
            '--exit-on-error',
            '--single-transaction',
            '--no-owner',
            '--no-acl',
            '--no-password',
            `--dbname=${connection.urlWithoutPassword}`,
          ],
          { stdin: 'pipe', env: pgEnv(connection) },
        );
        const restored = watchChild(restorer);
        let readError: Error | undefined;
        try {
          await pipeline([opened.stream, ...opened.stages, restorer.stdin as Writable]);
        } catch (error) {
          readError = error as Error;
        }
        // pg_restore stopping early (--exit-on-error) breaks the pipe: its own message is the cause.
        const timer = readError ? setTimeout(() => restorer.kill(), 10_000) : undefined;
        const outcome = await restored;
        clearTimeout(timer);
        if (outcome.code !== 0) problems.push(describeExit('pg_restore', outcome).replace(' Nothing was stored.', ''));
        else if (readError) problems.push(`reading the backup failed: ${readError.message}`);
        if (problems.length === 0) {
          const found = await countRows(client);
          const expected = manifest.source.rowCounts ?? {};
          for (const table of [...new Set([...Object.keys(expected), ...Object.keys(found)])].sort()) {
            const check = {
              table,
              expected: expected[table] ?? null,
              found: found[table] ?? null,
              ok: expected[table] === found[table],
            };
            rowCounts.push(check);
            if (!check.ok)
              problems.push(
                `${table}: expected ${check.expected ?? 'no table'} rows, found ${check.found ?? 'no table'}`,
              );
          }
          verifySql = await runVerifySql(client, config.verifySql);
          for (const check of verifySql)
            if (!check.ok) problems.push(`verify-sql "${check.sql}" returned ${check.value}`);
        }
      } finally {
        await client.end().catch(() => {});
      }
    } else {
      target = config.restoreDir as string;
      try {
        const plain = new PassThrough();
        const feeding = pipeline([opened.stream, ...opened.stages, plain]);
        const [fed, extracted] = await Promise.allSettled([feeding, extractInto(target, plain)]);
        if (extracted.status === 'rejected') problems.push((extracted.reason as Error).message);
        else files = extracted.value.files;
        if (fed.status === 'rejected' && extracted.status === 'fulfilled')
          problems.push(`reading the backup failed: ${(fed.reason as Error).message}`);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
  } finally {
    progress.stop();
  }
  let hashed = { sha256: opened.hasher.bytes > 0 ? opened.hasher.sha256() : '', bytes: opened.hasher.bytes };
  if (hashed.bytes !== manifest.sizeBytes) {
    // The restore stopped early: hash the whole stored file on its own before blaming it.
    hashed = await hashStored(storage, `${manifest.name}/${manifest.file}`).catch(() => hashed);
  }
  const sha256Matches = hashed.bytes === manifest.sizeBytes && hashed.sha256 === manifest.sha256;
  if (!sha256Matches) problems.unshift(`${opened.location}: the stored file does not match the manifest's sha256`);
  const drill: DrillRecord = {
    version: 1,
    id: manifest.id,
    name: manifest.name,
    startedAt: startedAt.toISOString(),
    finishedAt: deps.now().toISOString(),
    durationMs: Math.round(performance.now() - started),
    target,
    sha256Matches,
    rowCounts,
    verifySql,
    ...(files !== undefined ? { files } : {}),
    verdict: problems.length === 0 ? 'passed' : 'failed',
    problems,
  };
  await storage.writeText(`${manifest.name}/${drillName(manifest.id)}`, `${JSON.stringify(drill, null, 2)}\n`);
  const outcome: BackupOutcome = {
    mode: 'restore',
    name: config.name,
    durationMs: 0,
    manifest,
    location: opened.location,
    verified: sha256Matches,
    drill,
    broken,
  };
  if (drill.verdict === 'passed') outcome.latestDrill = { id: manifest.id, ageSeconds: 0 };
  else outcome.failure = `Restore drill of ${manifest.id} failed: ${problems.join('; ')}`;
  return outcome;
}
