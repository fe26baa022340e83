// The `shipshape` executable (package `bin`, `npm start`): runs on Node 24 with type stripping; see main.ts.
import { main } from './main.ts';

// Ctrl-C: the running action gets SIGTERM, servers stop, and the exit code says it was interrupted.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());
process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
