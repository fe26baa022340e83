// Stream stages: a producer's exit code decides whether its stream ends, and progress is paced.
import { spawn } from 'node:child_process';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it, vi } from 'vitest';
import {
  checkedOutput,
  formatBytes,
  HashCounter,
  progressReporter,
  teeInto,
  watchChild,
} from '../../actions/backup/src/streams.ts';

const sink = () => {
  const chunks: Buffer[] = [];
  return {
    chunks,
    stream: new Writable({
      write(chunk, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    }),
  };
};

describe('checkedOutput', () => {
  it('ends normally when the child exits 0', async () => {
    const child = spawn(process.execPath, ['-e', 'process.stdout.write("hello")'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = sink();
    await pipeline(
      checkedOutput(child, watchChild(child), () => new Error('failed')),
      out.stream,
    );
    expect(Buffer.concat(out.chunks).toString()).toBe('hello');
  });

  it('errors instead of ending when the child exits non-zero after writing', async () => {
    const child = spawn(
      process.execPath,
      ['-e', 'process.stdout.write("x".repeat(100000)); console.error("boom"); process.exit(3)'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const out = sink();
    let finished = false;
    out.stream.on('finish', () => {
      finished = true;
    });
    await expect(
      pipeline(
        checkedOutput(child, watchChild(child), (outcome) => new Error(`code ${outcome.code}: ${outcome.stderr}`)),
        out.stream,
      ),
    ).rejects.toThrow('code 3: boom');
    expect(finished).toBe(false);
  });
});

describe('teeInto', () => {
  it('feeds the sink every byte, honours its back-pressure, and fails when the sink fails', async () => {
    const slow = new PassThrough({ highWaterMark: 16 });
    const received: Buffer[] = [];
    slow.on('data', (chunk) => received.push(chunk));
    const hasher = new HashCounter();
    const data = Buffer.alloc(100_000, 5);
    await pipeline(
      Readable.from([data.subarray(0, 50_000), data.subarray(50_000)]),
      teeInto(slow, async () => {}),
      hasher,
      sink().stream,
    );
    expect(Buffer.concat(received).equals(data)).toBe(true);
    expect(hasher.bytes).toBe(100_000);

    const failing = new PassThrough();
    await expect(
      pipeline(
        Readable.from([Buffer.from('abc')]),
        teeInto(failing, async () => Promise.reject(new Error('pg_restore said no'))),
        sink().stream,
      ),
    ).rejects.toThrow('pg_restore said no');
  });
});

describe('teeInto with a reader that dies early', () => {
  it("fails with the reader's own verdict instead of stalling or saying EPIPE", async () => {
    const reader = spawn(
      process.execPath,
      ['-e', 'process.stdin.once("data", () => { console.error("not a dump"); process.exit(1) })'],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    const exited = watchChild(reader);
    const tee = teeInto(reader.stdin, async () => {
      const outcome = await exited;
      if (outcome.code !== 0) throw new Error(`reader exited ${outcome.code}: ${outcome.stderr}`);
    });
    const data = Array.from({ length: 200 }, () => Buffer.alloc(64 * 1024, 1));
    await expect(pipeline(Readable.from(data), tee, sink().stream)).rejects.toThrow('reader exited 1: not a dump');
  });
});

describe('progressReporter', () => {
  it('logs at a steady pace, not per chunk', () => {
    vi.useFakeTimers();
    try {
      let bytes = 0;
      let clock = 0;
      const lines: string[] = [];
      const progress = progressReporter(
        'backup',
        () => bytes,
        (line) => lines.push(line),
        10_000,
        () => clock,
      );
      for (let step = 0; step < 3; step++) {
        bytes += 50 * 1024 * 1024;
        clock += 10_000;
        vi.advanceTimersByTime(10_000);
      }
      progress.stop();
      vi.advanceTimersByTime(60_000);
      expect(lines).toEqual([
        'backup: 50.0 MiB in 10s (5.0 MiB/s)',
        'backup: 100.0 MiB in 20s (5.0 MiB/s)',
        'backup: 150.0 MiB in 30s (5.0 MiB/s)',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('formats sizes', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(3 * 1024 ** 3)]).toEqual([
      '0 B',
      '1023 B',
      '1.5 KiB',
      '3.0 GiB',
    ]);
  });
});
