import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { config } from './config.js';
import { sqliteFileFromUrl } from './database/sqlite-file.js';
import { PrismaClient } from './generated/prisma/client.js';

export const db = new PrismaClient({
  adapter: new PrismaBetterSQLite3({ url: sqliteFileFromUrl(config.databaseUrl), timeout: 5000 }),
});

/** Per-connection settings: an acknowledged write must survive a crash of the machine. */
export async function prepareDatabaseConnection(): Promise<void> {
  await db.$executeRawUnsafe('PRAGMA synchronous = FULL');
  await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
}
