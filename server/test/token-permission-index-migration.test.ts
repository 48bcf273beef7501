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

const MIGRATION = '0013_token_permission_index';

const USER = `INSERT INTO "User" ("id", "email", "passwordHash", "createdAt") VALUES ('u1', 'a@example.com', 'x', '2026-01-01T00:00:00.000Z')`;
const token = (id: string, permissions: string) =>
  `INSERT INTO "PersonalAccessToken" ("id", "userId", "name", "nameKey", "digest", "hint", "permissions", "createdAt", "expiresAt")
   VALUES ('${id}', 'u1', '${id}', '${id}', 'digest-${id}', 'lkpat_…abcd', '${permissions}', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')`;
const TOKENS = [token('t1', 'profile:read tokens:read tokens:write'), token('t2', 'reports:export'), token('t3', '')];
const READ_BACK = `SELECT "tokenId", "permission", "prefix" FROM "TokenPermission" ORDER BY "tokenId", "permission"`;

// Every permission of every token there, split from `permissions`; a token holding none has no row.
const indexed = [
  { tokenId: 't1', permission: 'profile:read', prefix: 'profile' },
  { tokenId: 't1', permission: 'tokens:read', prefix: 'tokens' },
  { tokenId: 't1', permission: 'tokens:write', prefix: 'tokens' },
  { tokenId: 't2', permission: 'reports:export', prefix: 'reports' },
];

describe("the migration that indexes tokens' permissions", () => {
  it.runIf(process.env.LATCHKEY_TEST_ENGINE !== 'postgresql')(
    'writes a row for each permission of each token of a populated SQLite database',
    () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'latchkey-permission-index-')), 'latchkey.db');
      const { before, through } = migrationsAround('sqlite', MIGRATION);
      migrateSqlite(file, before);
      const connection = new Database(file);
      try {
        for (const statement of [USER, ...TOKENS]) connection.exec(statement);
      } finally {
        connection.close();
      }
      expect(migrateSqlite(file, through)).toEqual([MIGRATION]);
      const after = new Database(file);
      try {
        expect(after.prepare(READ_BACK).all()).toEqual(indexed);
      } finally {
        after.close();
      }
    },
  );

  it.runIf(process.env.LATCHKEY_TEST_ENGINE === 'postgresql')(
    'writes a row for each permission of each token of a populated PostgreSQL database',
    async () => {
      const database = await createPostgresqlDatabase();
      try {
        const { before, through } = migrationsAround('postgresql', MIGRATION);
        await migratePostgresql(database.url, before);
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          for (const statement of [USER, ...TOKENS]) await client.query(statement);
          expect(await migratePostgresql(database.url, through)).toEqual([MIGRATION]);
          expect((await client.query(READ_BACK)).rows).toEqual(indexed);
        } finally {
          await client.end();
        }
      } finally {
        await database.drop();
      }
    },
  );
});
