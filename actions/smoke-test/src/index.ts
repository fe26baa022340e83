// Entry of the smoke-test bundle: run with real dependencies (wired in dependencies.ts). Nothing else.
import { run } from './main.ts';

await run();
