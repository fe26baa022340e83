#!/usr/bin/env node
// The package's `bin`: runs src/cli/index.ts on Node 24 (type stripping). Under `npx` or `npm run` the
// node@24 devDependency is already first on PATH; called another way on an older Node, it hands over
// to that binary.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
if (Number(process.versions.node.split('.')[0]) >= 24) {
  await import(entry);
} else {
  const node = fileURLToPath(new URL('../../node_modules/node/bin/node', import.meta.url));
  const child = spawn(node, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C reaches the child through the terminal; a SIGTERM sent to this process is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('error', (error) => {
    console.error(`shipshape needs Node 24: ${node} did not start (${error.message}); run npm ci first.`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)));
}
