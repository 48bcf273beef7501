import { config } from './config.js';
import { databaseEngine } from './database/engine.js';
import { sqliteFileFromUrl } from './database/sqlite-file.js';
import type { PrismaClient } from './generated/prisma/client.js';

export const engine = databaseEngine(config.databaseUrl);

// Transactions on one token queue behind each other's row lock; give a burst of them time to drain.
const transactionOptions = { maxWait: 10_000, timeout: 10_000 };
// Emitted as events (nothing is printed): tests count queries with them to catch N+1 patterns.
const log = [{ emit: 'event' as const, level: 'query' as const }];

// Only the engine in use is imported: each generated client and its adapter weigh tens of MB in memory.
async function connect(): Promise<PrismaClient> {
  if (engine === 'postgresql') {
    const [{ PrismaPg }, { PrismaClient: PostgresqlPrismaClient }] = await Promise.all([
      import('@prisma/adapter-pg'),
      import('./generated/prisma-postgresql/client.js'),
    ]);
    // Both clients come from the same data model, so their APIs are identical; only the SQL dialect differs.
    return new PostgresqlPrismaClient({
      adapter: new PrismaPg({ connectionString: config.databaseUrl }),
      transactionOptions,
      log,
    }) as unknown as PrismaClient;
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
