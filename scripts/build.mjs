// Bundles every action (and the test fixture action) with ncc into its committed dist/ folder.
// `node scripts/build.mjs --out DIR` writes the bundles under DIR instead (used by check-dist);
// `node scripts/build.mjs smoke-test` builds only the actions whose folder names contain that word.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const outIndex = process.argv.indexOf('--out');
const outRoot = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : root;

export function bundledActions() {
  const found = [];
  for (const parent of ['actions', 'test/fixtures']) {
    const dir = join(root, parent);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (existsSync(join(dir, name, 'src/index.ts')) && existsSync(join(dir, name, 'action.yml'))) {
        found.push(`${parent}/${name}`);
      }
    }
  }
  return found;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ncc = join(root, 'node_modules/.bin/ncc');
  const words = process.argv.slice(2).filter((arg, index, all) => arg !== '--out' && all[index - 1] !== '--out');
  const selected = bundledActions().filter(
    (action) => words.length === 0 || words.some((word) => action.includes(word)),
  );
  for (const action of selected) {
    const dist = join(outRoot, action, 'dist');
    rmSync(dist, { recursive: true, force: true });
    execFileSync(ncc, ['build', join(action, 'src/index.ts'), '-o', dist, '--license', 'licenses.txt', '--quiet'], {
      cwd: root,
      stdio: 'inherit',
    });
    console.log(`built ${action}/dist`);
  }
}
