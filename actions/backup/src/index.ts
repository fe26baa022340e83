// Entry of the backup action: run it with its real dependencies. Nothing else.
import { run } from './main.ts';

await run();
