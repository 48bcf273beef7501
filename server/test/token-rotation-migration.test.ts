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

const MIGRATION = '0007_token_rotation';

const USER = `INSERT INTO "User" ("id", "email", "passwordHash", "createdAt") VALUES ('u1', 'a@example.com', 'x', '2026-01-01T00:00:00.000Z')`;
const TOKEN = `INSERT INTO "PersonalAccessToken" ("id", "userId", "name", "nameKey", "digest", "hint", "permissions", "createdAt", "expiresAt")
   VALUES ('t1', 'u1', 'kept', 'kept', 'digest-t1', 'lkpat_…abcd', 'profile:read', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')`;
const READ_BACK =
  'SELECT "id", "digest", "permissions", "rotatedAt", "previousDigest", "previousSecretValidUntil" FROM "PersonalAccessToken"';
// Two tokens may not share a replaced secret's digest: the lookup by it must find one token at most.
const SHARED_PREVIOUS_DIGEST = `UPDATE "PersonalAccessToken" SET "previousDigest" = 'same'`;
const SECOND_TOKEN = TOKEN.replaceAll("'t1'", "'t2'")
  .replace("'kept', 'kept'", "'other', 'other'")
  .replace('digest-t1', 'digest-t2');

const unrotated = {
  id: 't1',
  digest: 'digest-t1',
  permissions: 'profile:read',
  rotatedAt: null,
  previousDigest: null,
  previousSecretValidUntil: null,
};

const split = (engine: 'sqlite' | 'postgresql') => migrationsAround(engine, MIGRATION);

describe('the migration that adds token rotation', () => {
  it.runIf(process.env.LATCHKEY_TEST_ENGINE !== 'postgresql')(
    'keeps every token of a populated SQLite database, with no replaced secret',
    () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'latchkey-rotation-')), 'latchkey.db');
      const { before, through } = split('sqlite');
      migrateSqlite(file, before);
      const connection = new Database(file);
      try {
        connection.exec(USER);
        connection.exec(TOKEN);
        connection.exec(SECOND_TOKEN);
      } finally {
        connection.close();
      }
      expect(migrateSqlite(file, through)).toEqual([MIGRATION]);
      const after = new Database(file);
      try {
        expect(after.prepare(`${READ_BACK} WHERE "id" = 't1'`).all()).toEqual([unrotated]);
        expect(() => after.exec(SHARED_PREVIOUS_DIGEST)).toThrow(/UNIQUE/);
      } finally {
        after.close();
      }
    },
  );

  it.runIf(process.env.LATCHKEY_TEST_ENGINE === 'postgresql')(
    'keeps every token of a populated PostgreSQL database, with no replaced secret',
    async () => {
      const database = await createPostgresqlDatabase();
      try {
        const { before, through } = split('postgresql');
        await migratePostgresql(database.url, before);
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          await client.query(USER);
          await client.query(TOKEN);
          await client.query(SECOND_TOKEN);
          expect(await migratePostgresql(database.url, through)).toEqual([MIGRATION]);
          const { rows } = await client.query(`${READ_BACK} WHERE "id" = 't1'`);
          expect(rows).toEqual([unrotated]);
          await expect(client.query(SHARED_PREVIOUS_DIGEST)).rejects.toThrow(/unique/);
        } finally {
          await client.end();
        }
      } finally {
        await database.drop();
      }
    },
  );
});
