import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { config } from './config.js';
import { databaseEngine } from './database/engine.js';
import { sqliteFileFromUrl } from './database/sqlite-file.js';
import { PrismaClient } from './generated/prisma/client.js';
import { PrismaClient as PostgresqlPrismaClient } from './generated/prisma-postgresql/client.js';

export const engine = databaseEngine(config.databaseUrl);

// Transactions on one token queue behind each other's row lock; give a burst of them time to drain.
const transactionOptions = { maxWait: 10_000, timeout: 10_000 };
// Emitted as events (nothing is printed): tests count queries with them to catch N+1 patterns.
const log = [{ emit: 'event' as const, level: 'query' as const }];

function connect(): PrismaClient {
  if (engine === 'postgresql') {
    // Both clients come from the same data model, so their APIs are identical; only the SQL dialect differs.
    return new PostgresqlPrismaClient({
      adapter: new PrismaPg({ connectionString: config.databaseUrl }),
      transactionOptions,
      log,
    }) as unknown as PrismaClient;
  }
  return new PrismaClient({
    adapter: new PrismaBetterSQLite3({ url: sqliteFileFromUrl(config.databaseUrl), timeout: 5000 }),
    transactionOptions,
    log,
  });
}

export const db = connect();

/** Per-connection settings: on SQLite an acknowledged write must survive a crash of the machine. */
export async function prepareDatabaseConnection(): Promise<void> {
  if (engine !== 'sqlite') return;
  await db.$executeRawUnsafe('PRAGMA synchronous = FULL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
}
