// Fails when a committed dist/ differs from a fresh build of the sources.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundledActions } from './build.mjs';

const root = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'shipshape-dist-'));
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--out', out], { cwd: root, stdio: 'ignore' });

const stale = [];
for (const action of bundledActions()) {
  const fresh = join(out, action, 'dist');
  const committed = join(root, action, 'dist');
  const names = new Set([...readdirSync(fresh), ...(existsSync(committed) ? readdirSync(committed) : [])]);
  for (const name of names) {
    const a = join(fresh, name);
    const b = join(committed, name);
    if (!existsSync(a) || !existsSync(b) || !readFileSync(a).equals(readFileSync(b)))
      stale.push(`${action}/dist/${name}`);
  }
}
if (stale.length > 0) {
  console.error(
    `dist/ is out of date with the sources: ${stale.join(', ')}\nRun \`npm run build\` and commit the result.`,
  );
  process.exit(1);
}
console.log(`dist/ matches a fresh build for ${bundledActions().length} bundles.`);
