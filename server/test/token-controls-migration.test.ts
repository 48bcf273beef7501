import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migratePostgresql } from '../src/database/postgresql-migrations.js';
import { migrateSqlite } from '../src/database/sqlite-migrations.js';
import { migrationsAround } from './support/migrations.js';
import { createPostgresqlDatabase } from './support/postgresql.js';

const MIGRATION = '0008_token_controls';

const USER = `INSERT INTO "User" ("id", "email", "passwordHash", "createdAt") VALUES ('u1', 'a@example.com', 'x', '2026-01-01T00:00:00.000Z')`;
const TOKEN = `INSERT INTO "PersonalAccessToken" ("id", "userId", "name", "nameKey", "digest", "hint", "permissions", "createdAt", "expiresAt")
   VALUES ('t1', 'u1', 'kept', 'kept', 'digest-t1', 'lkpat_…abcd', 'profile:read', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')`;
const READ_BACK = `SELECT "id", "digest", "allowedAddresses", "refusedAddressCount", "rateLimitRequests",
  "rateLimitWindowSeconds", "quotaUses", "quotaRefill" FROM "PersonalAccessToken"`;

// A token from before controls existed is open to any address and unlimited, as it was.
const uncontrolled = {
  id: 't1',
  digest: 'digest-t1',
  allowedAddresses: null,
  refusedAddressCount: 0,
  rateLimitRequests: null,
  rateLimitWindowSeconds: null,
  quotaUses: null,
  quotaRefill: null,
};

describe('the migration that adds token controls', () => {
  it.runIf(process.env.LATCHKEY_TEST_ENGINE !== 'postgresql')(
    'keeps every token of a populated SQLite database, without controls',
    () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'latchkey-controls-')), 'latchkey.db');
      const { before, through } = migrationsAround('sqlite', MIGRATION);
      migrateSqlite(file, before);
      const connection = new Database(file);
      try {
        connection.exec(USER);
        connection.exec(TOKEN);
      } finally {
        connection.close();
      }
      expect(migrateSqlite(file, through)).toEqual([MIGRATION]);
      const after = new Database(file);
      try {
        expect(after.prepare(READ_BACK).all()).toEqual([uncontrolled]);
      } finally {
        after.close();
      }
    },
  );

  it.runIf(process.env.LATCHKEY_TEST_ENGINE === 'postgresql')(
    'keeps every token of a populated PostgreSQL database, without controls',
    async () => {
      const database = await createPostgresqlDatabase();
      try {
        const { before, through } = migrationsAround('postgresql', MIGRATION);
        await migratePostgresql(database.url, before);
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          await client.query(USER);
          await client.query(TOKEN);
          expect(await migratePostgresql(database.url, through)).toEqual([MIGRATION]);
          expect((await client.query(READ_BACK)).rows).toEqual([uncontrolled]);
        } finally {
          await client.end();
        }
      } finally {
        await database.drop();
      }
    },
  );
});
