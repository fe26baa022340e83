// Benchmarks as ratios: each figure is ours / a baseline measured in the same run on the same
// machine, so a slow or busy machine moves both sides and the ratio stays meaningful.

export interface Comparison {
  name: string;
  /** What the figure means, e.g. "wall time / ideal". */
  unit: string;
  ours: number;
  baseline: number;
  /** The target the issue sets for ours / baseline. */
  atMost: number;
}

export interface Benchmark {
  name: string;
  run(): Promise<Comparison[]>;
}

/** Median wall time of `fn` in milliseconds over `runs` runs after one warm-up. */
export async function medianMs(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export function report(comparisons: Comparison[]): boolean {
  let allMet = true;
  for (const comparison of comparisons) {
    const ratio = comparison.ours / comparison.baseline;
    const met = ratio <= comparison.atMost;
    allMet &&= met;
    console.log(
      `${met ? 'ok  ' : 'MISS'} ${comparison.name}: ${comparison.unit} = ${format(comparison.ours)} / ${format(comparison.baseline)} = ${ratio.toFixed(2)}x (target <= ${comparison.atMost}x)`,
    );
  }
  return allMet;
}

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}
