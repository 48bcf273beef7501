// sysexits.h, so that a supervisor can tell a mistake to fix (no restart helps) from a dependency to wait for.
/** EX_CONFIG: the operator's configuration (environment or catalogue file) is wrong. */
export const EXIT_CONFIGURATION = 78;
/** EX_UNAVAILABLE: something the server needs (its database, its port) is not there; a later start may work. */
export const EXIT_UNAVAILABLE = 69;

/** A start that cannot go on for a reason the operator can act on: said in `message`, without a stack trace. */
export class StartFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'StartFailure';
  }
}

/**
 * Says why the start failed and exits: the operator's problems without a stack trace, anything else with one. Before
 * the configuration is read there is no log to `report` to (its settings may be what is wrong): stderr it is.
 */
export function exitForStartFailure(error: unknown, report: (error: unknown) => void = printStartFailure): never {
  report(error);
  process.exit(error instanceof StartFailure ? error.exitCode : 1);
}

function printStartFailure(error: unknown): void {
  console.error(error instanceof StartFailure ? error.message : error);
}
