import { parseArgs } from 'node:util';
import {
  AccountNotFoundError,
  countUnlockedAdministrators,
  listAdministrators,
  setAdministrator,
} from '../src/admin/administrators.js';
import { openDatabase, runOperatorCommand, UsageError } from './operator-command.js';

/** Grants and revokes the administrator role from the shell (docs/administration.md): how the first one is made. */
const USAGE = `Usage: npm run admin -- <command>

  grant <email>    Make the account with this email an administrator.
  revoke <email>   Stop it being one; its tokens' admin:read and admin:write grant nothing from then on.
  list             Every administrator.`;

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
        // The API refuses this; the shell is how an operator recovers, so it only warns.
        if (changed && (await countUnlockedAdministrators()) === 0) {
          console.error(
            'Warning: no administrator can sign in now (none left, or all locked). Make one with: npm run admin -- grant <email>',
          );
        }
      }
      return;
    }
  }
}

await runOperatorCommand(run, USAGE, [AccountNotFoundError]);
