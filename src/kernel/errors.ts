// Errors a user can cause and fix; everything else is a bug and keeps its stack trace.

/** A problem the user can fix (bad input, missing permission); reported without a stack trace. */
export class UserError extends Error {
  override name = 'UserError';
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
