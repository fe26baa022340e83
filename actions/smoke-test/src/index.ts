// Entry point of actions/smoke-test: runs the action with its real dependencies.
import { runAction } from '../../../src/kernel/run.ts';
import { main } from './main.ts';

await runAction(() => main());
