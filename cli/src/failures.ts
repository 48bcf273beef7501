/** The exit codes are part of the command-line contract; docs/cli.md#exit-codes lists them. */
export const ExitCode = {
  success: 0,
  refused: 1,
  usage: 2,
  authentication: 3,
  missingPermission: 4,
  unreachable: 5,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure the command expects and explains in one line; anything else is a bug. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** The server refused the operation: not found, invalid transition, validation, name taken, limit. */
export class RefusedError extends CommandFailure {
  constructor(message: string) {
    super(message, ExitCode.refused);
  }
}

export class UsageError extends CommandFailure {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/** No token, or the server answered 401. */
export class AuthenticationError extends CommandFailure {
  constructor(message: string) {
    super(message, ExitCode.authentication);
  }
}

/** The server answered FORBIDDEN: the token lacks a permission, or the action is for signed-in sessions only. */
export class MissingPermissionError extends CommandFailure {
  constructor(message: string) {
    super(message, ExitCode.missingPermission);
  }
}

/** The server could not be reached, or answered with something other than a GraphQL result. */
export class ServerUnreachableError extends CommandFailure {
  constructor(message: string) {
    super(message, ExitCode.unreachable);
  }
}

export class InterruptedError extends CommandFailure {
  constructor() {
    super('cancelled', ExitCode.interrupted);
  }
}
