import { parseArgs } from 'node:util';
import { AccountNotFoundError, listAdministrators, setAdministrator } from '../src/admin/administrators.js';
import { config } from '../src/config.js';
import { migrateDatabase } from '../src/database/migrations.js';
import { db, prepareDatabaseConnection } from '../src/db.js';

/** Grants and revokes the administrator role from the shell (docs/administration.md): how the first one is made. */
const USAGE = `Usage: npm run admin -- <command>

  grant <email>    Make the account with this email an administrator.
  revoke <email>   Stop it being one; its tokens' admin:read and admin:write grant nothing from then on.
  list             Every administrator.`;

class UsageError extends Error {}

type Command = { name: 'help' } | { name: 'list' } | { name: 'grant' | 'revoke'; email: string };

function parseCommand(argv: string[]): Command {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  const [name, email, ...extra] = positionals;
  if (values.help) return { name: 'help' };
  if (name === 'list' && email === undefined) return { name };
  if ((name === 'grant' || name === 'revoke') && email !== undefined && extra.length === 0) return { name, email };
  if (name === 'grant' || name === 'revoke') throw new UsageError(`"${name}" takes one argument: an account's email.`);
  if (name === 'list') throw new UsageError('"list" takes no arguments.');
  throw new UsageError(name === undefined ? 'No command given.' : `Unknown command "${name}".`);
}

async function openDatabase(): Promise<void> {
  const applied = await migrateDatabase(config.databaseUrl);
  if (applied.length > 0) console.error(`Applied migrations: ${applied.join(', ')}`);
  await prepareDatabaseConnection();
}

/** The shell has no session, token or address: the audit log names the operator. */
const operator = () => ({
  actor: { type: 'OPERATOR' as const, id: null },
  administrator: null,
  origin: { ip: null, userAgent: 'npm run admin' },
  at: new Date(),
});

async function run(argv: string[]): Promise<void> {
  const command = parseCommand(argv);
  switch (command.name) {
    case 'help':
      console.log(USAGE);
      return;
    case 'list': {
      await openDatabase();
      const administrators = await listAdministrators();
      if (administrators.length === 0)
        console.log('No administrators yet. Make one with: npm run admin -- grant <email>');
      for (const administrator of administrators) console.log(administrator.email);
      return;
    }
    case 'grant':
    case 'revoke': {
      await openDatabase();
      const granting = command.name === 'grant';
      const { person, changed } = await setAdministrator(command.email, granting, operator());
      if (granting) {
        console.log(
          changed ? `${person.email} is now an administrator.` : `${person.email} is already an administrator.`,
        );
      } else {
        console.log(
          changed ? `${person.email} is no longer an administrator.` : `${person.email} is not an administrator.`,
        );
      }
      return;
    }
  }
}

// parseArgs throws a TypeError with an ERR_PARSE_ARGS_* code for options it does not know.
const isParseArgsError = (error: unknown) =>
  error instanceof TypeError && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS_');

try {
  await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || isParseArgsError(error)) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof AccountNotFoundError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await db.$disconnect();
}
