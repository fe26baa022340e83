// The one clock type: decisions take the time as an argument and effects wait through it, so tests move
// time instead of waiting for it.

export interface Clock {
  /** Wall-clock time (timestamps, ages, freeze windows). */
  now(): Date;
  /** Milliseconds on a monotonic clock (durations, latency, deadlines). */
  monotonicMs(): number;
  /** Waits `ms` (a test clock may advance at once). */
  sleep(ms: number): Promise<void>;
}

/** The real clock. Waits longer than Node's timer limit are split, so a long wait never fires at once. */
export const systemClock: Clock = {
  now: () => new Date(),
  monotonicMs: () => performance.now(),
  sleep: (ms) => sleepFor(ms),
};

/** Node's timers overflow at 2^31 ms (about 24.8 days) and then fire immediately. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

async function sleepFor(ms: number): Promise<void> {
  let left = Math.max(0, ms);
  while (left > 0) {
    const step = Math.min(left, MAX_TIMER_MS);
    await new Promise<void>((done) => setTimeout(done, step));
    left -= step;
  }
}
