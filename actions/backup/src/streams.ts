// Stream stages of a backup: hashing and counting, compression, age encryption, and child-process
// output whose end waits for the exit code, so a failing producer fails the pipeline before its
// last byte can be committed anywhere.
import type { ChildProcess } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { Duplex, PassThrough, Readable, Transform, type TransformCallback, Writable } from 'node:stream';
import zlib from 'node:zlib';
import type { Compression } from './inputs.ts';

/** Counts and hashes the bytes passing through. */
export class HashCounter extends Transform {
  readonly hash: Hash = createHash('sha256');
  bytes = 0;
  private digest?: string;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }
  /** The hex SHA-256, once the stream has ended. */
  sha256(): string {
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }
}

export function compressor(compression: Compression): Transform | undefined {
  if (compression === 'gzip') return zlib.createGzip({ level: 6 });
  if (compression === 'zstd') return zlib.createZstdCompress();
  return undefined;
}

export function decompressor(compression: Compression): Transform | undefined {
  if (compression === 'gzip') return zlib.createGunzip();
  if (compression === 'zstd') return zlib.createZstdDecompress();
  return undefined;
}

/** An age-encrypting stage for the recipients (loads age only when called). */
export async function encryptor(recipients: readonly string[]): Promise<Duplex> {
  const { Encrypter } = await import('age-encryption');
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return webStage((input) => encrypter.encrypt(input));
}

/** An age-decrypting stage for an identity; a wrong identity or a damaged header errors the stream. */
export async function decryptor(identity: string): Promise<Duplex> {
  const { Decrypter } = await import('age-encryption');
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  return webStage((input) => decrypter.decrypt(input));
}

/**
 * Wraps a web-stream transformer as a Node Duplex. The transformer may wait for input before it
 * returns its output (age reads the header first), so its output is awaited lazily, on first read.
 */
function webStage(transform: (input: ReadableStream<Uint8Array>) => Promise<ReadableStream<Uint8Array>>): Duplex {
  const pair = new TransformStream<Uint8Array, Uint8Array>();
  const output = transform(pair.readable);
  output.catch(() => {});
  async function* chunks() {
    const stream = await output;
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) yield chunk;
  }
  return Duplex.from({
    writable: Writable.fromWeb(pair.writable as unknown as import('node:stream/web').WritableStream),
    readable: Readable.from(chunks(), { objectMode: false }),
  });
}

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last few KB of stderr, for messages. */
  stderr: string;
}

/** Resolves when the child has exited; stderr is kept (its tail) for the message. */
export function watchChild(child: ChildProcess): Promise<ChildOutcome> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stderr: stderr.trim() }));
  });
}

/**
 * The child's stdout as a stream that ends only after the child exited 0; otherwise it errors with
 * `describe(outcome)`, so bytes already written never become a backup.
 */
export function checkedOutput(
  child: ChildProcess,
  exited: Promise<ChildOutcome>,
  describe: (outcome: ChildOutcome) => Error,
): Readable {
  if (!child.stdout) throw new Error('child has no stdout pipe');
  const gate = new Transform({
    transform(chunk, _encoding, callback) {
      callback(null, chunk);
    },
    flush(callback) {
      exited.then(
        (outcome) => callback(outcome.code === 0 ? null : describe(outcome)),
        (error) => callback(error),
      );
    },
  });
  child.stdout.on('error', (error) => gate.destroy(error));
  exited.catch((error) => gate.destroy(error));
  return child.stdout.pipe(gate);
}

/**
 * Passes bytes through while also feeding them to `sink` (e.g. `pg_restore -f /dev/null` reading the
 * dump as it is written), honouring the sink's back-pressure; ends only after `finished` resolves.
 */
export function teeInto(sink: Writable, finished: () => Promise<void>): Transform {
  let closed = false;
  let waiting: (() => void) | undefined;
  let done: Promise<void> | undefined;
  const settle = () => {
    done ??= finished();
    return done;
  };
  // A reader may stop early: legitimately (pg_restore has read the archive's end) or because it
  // failed. Either way the data keeps flowing to the store, and the reader's own verdict (exit code,
  // stderr) decides; a failure stops the pipeline at once instead of after the last byte.
  const stop = () => {
    if (closed) return;
    closed = true;
    waiting?.();
    settle().catch((error) => tee.destroy(error));
  };
  sink.on('error', stop);
  sink.on('close', stop);
  const tee = new Transform({
    transform(chunk, _encoding, callback) {
      if (closed) return callback(null, chunk);
      if (sink.write(chunk)) return callback(null, chunk);
      const onDrain = () => waiting?.();
      waiting = () => {
        waiting = undefined;
        sink.off('drain', onDrain);
        callback(null, chunk);
      };
      sink.once('drain', onDrain);
    },
    flush(callback) {
      if (!closed) sink.end();
      settle().then(
        () => callback(),
        (error) => callback(error),
      );
    },
  });
  return tee;
}

/** Logs bytes and rate at a steady pace (not per chunk) while `counter` is moving. */
/** How often a long transfer logs bytes and rate: every 10 s in a job log, every second on the command line's terminal. */
export const PROGRESS_INTERVAL_ENV = 'SHIPSHAPE_PROGRESS_INTERVAL_MS';

/** The progress interval from the environment (whole milliseconds from 250), else 10 s. */
export function progressIntervalFrom(env: NodeJS.ProcessEnv): number {
  const text = env[PROGRESS_INTERVAL_ENV]?.trim();
  const value = text && /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(value) && value >= 250 ? value : 10_000;
}

export function progressReporter(
  label: string,
  bytes: () => number,
  log: (message: string) => void,
  everyMs = 10_000,
  now: () => number = Date.now,
): { stop(): void } {
  const started = now();
  const timer = setInterval(() => {
    const seconds = (now() - started) / 1000;
    log(
      `${label}: ${formatBytes(bytes())} in ${Math.round(seconds)}s (${formatBytes(bytes() / Math.max(seconds, 0.001))}/s)`,
    );
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export { PassThrough };
