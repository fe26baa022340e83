// `npm run bench`: runs every bench/*.bench.ts and prints each figure as a ratio to its baseline.
// Exits 1 when a target is missed, so a regression is visible; it is not part of `npm test`.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Benchmark, report } from './harness.ts';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => !only || name.includes(only))
  .sort();

let allMet = true;
for (const file of files) {
  const { benchmark } = (await import(join(here, file))) as { benchmark: Benchmark };
  console.log(`\n# ${benchmark.name} (${file})`);
  allMet = report(await benchmark.run()) && allMet;
}
console.log(allMet ? '\nall targets met' : '\nsome targets missed');
process.exitCode = allMet ? 0 : 1;
