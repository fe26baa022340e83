// Entry of the status-page action: run it with the runner's environment. Nothing else.
import { run } from './main.ts';

await run();
