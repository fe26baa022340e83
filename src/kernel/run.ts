// runAction(): the one try/catch of every action. User errors fail the step with a message;
// anything else is a bug and also prints its stack for the report.
import * as core from '@actions/core';
import { describeRequestError } from './context.ts';
import { isUserError } from './errors.ts';

export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (isUserError(error)) {
      core.setFailed(error.message);
      return;
    }
    const apiFailure = describeRequestError(error);
    if (apiFailure) {
      core.setFailed(apiFailure);
      return;
    }
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    core.info(`Unexpected error (a bug in shipshape; please report it with this trace):\n${stack}`);
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
