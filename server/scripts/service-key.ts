import { parseArgs } from 'node:util';
import { config } from '../src/config.js';
import { CatalogueFileError, loadCatalogue } from '../src/permissions/catalogue.js';
import {
  createServiceKey,
  listServiceKeys,
  OPERATOR_AT_THE_SHELL,
  revokeServiceKey,
  ServiceKeyError,
  type ServiceKeySummary,
} from '../src/services/service-keys.js';
import { openDatabase, runOperatorCommand, UsageError } from './operator-command.js';

/** Mints, lists and revokes the keys the operator's own services authenticate with (docs/services.md). */
const USAGE = `Usage: npm run service-key -- <command>

  create <service-id>   Mint a key for a service of the catalogue; it is printed once.
  list                  Every key, without its secret.
  revoke <key-id>       Refuse a key from now on.`;

type Command = { name: 'help' } | { name: 'list' } | { name: 'create' | 'revoke'; argument: string };

function parseCommand(argv: string[]): Command {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  const [name, argument, ...extra] = positionals;
  if (values.help) return { name: 'help' };
  if (name === 'list' && argument === undefined) return { name };
  if ((name === 'create' || name === 'revoke') && argument !== undefined && extra.length === 0) {
    return { name, argument };
  }
  if (name === 'create') throw new UsageError('"create" takes one argument: the id of a service of the catalogue.');
  if (name === 'revoke') throw new UsageError('"revoke" takes one argument: the id of a key, as "list" shows it.');
  if (name === 'list') throw new UsageError('"list" takes no arguments.');
  throw new UsageError(name === undefined ? 'No command given.' : `Unknown command "${name}".`);
}

const shownDate = (date: Date | null, absent: string) => (date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : absent);

function printKeys(keys: ServiceKeySummary[]): void {
  if (keys.length === 0) {
    console.log('No service keys yet. Create one with: npm run service-key -- create <service-id>');
    return;
  }
  const rows = [
    ['ID', 'SERVICE', 'KEY', 'CREATED', 'LAST USED', 'REVOKED'],
    ...keys.map((key) => [
      key.id,
      key.serviceId,
      key.hint,
      shownDate(key.createdAt, ''),
      shownDate(key.lastUsedAt, 'never'),
      shownDate(key.revokedAt, '-'),
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  for (const row of rows)
    console.log(
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}

async function run(argv: string[]): Promise<void> {
  const command = parseCommand(argv);
  switch (command.name) {
    case 'help':
      console.log(USAGE);
      return;
    case 'create': {
      // Read before the database is touched, so a bad catalogue changes nothing.
      const catalogue = loadCatalogue(config.catalogueFile);
      await openDatabase();
      const { key, secret } = await createServiceKey(catalogue, command.argument, new Date(), OPERATOR_AT_THE_SHELL);
      console.log(`Created service key ${key.id} for "${key.serviceId}":\n\n  ${secret}\n`);
      console.log('Copy it into the service now: it will not be shown again (Latchkey keeps only its digest).');
      return;
    }
    case 'list':
      await openDatabase();
      printKeys(await listServiceKeys());
      return;
    case 'revoke': {
      await openDatabase();
      const key = await revokeServiceKey(command.argument, new Date(), OPERATOR_AT_THE_SHELL);
      console.log(`Revoked service key ${key.id} (${key.hint}) of "${key.serviceId}": it is refused from now on.`);
      return;
    }
  }
}

await runOperatorCommand(run, USAGE, [ServiceKeyError, CatalogueFileError]);
