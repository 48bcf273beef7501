import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { testEngine } from './engine.js';
import { createPostgresqlDatabase } from './postgresql.js';

export { testEngine };

// Each test file gets its own freshly migrated database; config reads DATABASE_URL on first import.

function createSqliteDatabase() {
  const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-test-'));
  return {
    url: `file:${path.join(directory, 'latchkey.db')}`,
    drop: async () => rmSync(directory, { recursive: true, force: true }),
  };
}

const database = testEngine === 'postgresql' ? await createPostgresqlDatabase() : createSqliteDatabase();
export const testDatabaseUrl = database.url;
process.env.DATABASE_URL = testDatabaseUrl;

const { migrateDatabase } = await import('../../src/database/migrations.js');
await migrateDatabase(testDatabaseUrl);
const { db, prepareDatabaseConnection } = await import('../../src/db.js');
await prepareDatabaseConnection();
const { usageLimits } = await import('../../src/tokens/usage-limits.js');

afterAll(async () => {
  await usageLimits.close();
  await db.$disconnect();
  await database.drop();
});
