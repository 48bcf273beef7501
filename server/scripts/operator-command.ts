import { config } from '../src/config.js';
import { migrateDatabase } from '../src/database/migrations.js';
import { db, prepareDatabaseConnection } from '../src/db.js';

// What the operator's shell commands (`npm run service-key`, `npm run admin`) share: their database and their
// exit codes.

/** A command line the script does not understand: exit code 2, with the usage. */
export class UsageError extends Error {}

/** The database, migrated first: a command may be the first thing run against a new installation. */
export async function openDatabase(): Promise<void> {
  const applied = await migrateDatabase(config.databaseUrl);
  if (applied.length > 0) console.error(`Applied migrations: ${applied.join(', ')}`);
  await prepareDatabaseConnection();
}

// parseArgs throws a TypeError with an ERR_PARSE_ARGS_* code for options it does not know.
const isParseArgsError = (error: unknown) =>
  error instanceof TypeError && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS_');

/**
 * Runs a command on the process's arguments: a usage error exits 2 with `usage`, an error of one of `refusals`
 * exits 1 with its message, anything else is thrown; the database is closed either way.
 */
export async function runOperatorCommand(
  run: (argv: string[]) => Promise<void>,
  usage: string,
  refusals: (abstract new (...args: never[]) => Error)[],
): Promise<void> {
  try {
    await run(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      console.error(`${(error as Error).message}\n\n${usage}`);
      process.exitCode = 2;
    } else if (refusals.some((refusal) => error instanceof refusal)) {
      console.error((error as Error).message);
      process.exitCode = 1;
    } else {
      throw error;
    }
  } finally {
    await db.$disconnect();
  }
}
