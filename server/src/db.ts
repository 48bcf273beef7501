import { config } from './config.js';
import { databaseEngine } from './database/engine.js';
import { sqliteFileFromUrl } from './database/sqlite-file.js';
import type { PrismaClient } from './generated/prisma/client.js';

export const engine = databaseEngine(config.databaseUrl);

// Transactions on one token queue behind each other's row lock; give a burst of them time to drain.
const transactionOptions = { maxWait: 10_000, timeout: 10_000 };
// Query events (nothing is printed): tests count queries with them to catch N+1 patterns.
const log = [{ emit: 'event' as const, level: 'query' as const }];

/** The client as code is written against it: the SQLite client's types, with query events on. */
export type Database = PrismaClient<'query'>;

/**
 * Prisma generates one client per dialect from our one data model, and their types differ in dialect-only
 * extras, so neither type is assignable to the other. Code is written against the SQLite client's types,
 * which the PostgreSQL client serves too (both suites run every test); this checks the models are there.
 */
function servesEveryModel(client: object): client is Database {
  return ['user', 'session', 'personalAccessToken', 'auditEvent', 'rateLimitCounter', 'serviceKey'].every(
    (model) => model in client,
  );
}

// Only the engine in use is imported: each generated client and its adapter weigh tens of MB in memory.
async function connect(): Promise<Database> {
  if (engine === 'postgresql') {
    const [{ PrismaPg }, { PrismaClient: PostgresqlPrismaClient }] = await Promise.all([
      import('@prisma/adapter-pg'),
      import('./generated/prisma-postgresql/client.js'),
    ]);
    const client = new PostgresqlPrismaClient({
      adapter: new PrismaPg({ connectionString: config.databaseUrl }),
      transactionOptions,
      log,
    });
    if (!servesEveryModel(client)) throw new Error('The PostgreSQL client lacks a model of the data model.');
    return client;
  }
  const [{ PrismaBetterSQLite3 }, { PrismaClient: SqlitePrismaClient }] = await Promise.all([
    import('@prisma/adapter-better-sqlite3'),
    import('./generated/prisma/client.js'),
  ]);
  return new SqlitePrismaClient({
    adapter: new PrismaBetterSQLite3({ url: sqliteFileFromUrl(config.databaseUrl), timeout: 5000 }),
    transactionOptions,
    log,
  });
}

export const db = await connect();

/** Per-connection settings: on SQLite an acknowledged write must survive a crash of the machine. */
export async function prepareDatabaseConnection(): Promise<void> {
  if (engine !== 'sqlite') return;
  await db.$executeRawUnsafe('PRAGMA synchronous = FULL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
}
