import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

// Each test file gets its own freshly migrated SQLite file; config reads DATABASE_URL on first import.
const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-test-'));
export const testDatabaseFile = path.join(directory, 'latchkey.db');
process.env.DATABASE_URL = `file:${testDatabaseFile}`;

const { migrateSqlite } = await import('../../src/database/migrate.js');
migrateSqlite(testDatabaseFile);
const { db, prepareDatabaseConnection } = await import('../../src/db.js');
await prepareDatabaseConnection();

afterAll(async () => {
  await db.$disconnect();
  rmSync(directory, { recursive: true, force: true });
});
