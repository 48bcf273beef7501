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

const MIGRATION = '0004_token_permissions';

// Tokens as the scope enum stored them, and what each must hold afterwards.
const STORED_BEFORE = {
  everything: ['AUDIT_READ PROFILE_READ TOKENS_READ TOKENS_WRITE', 'audit:read profile:read tokens:read tokens:write'],
  profile: ['PROFILE_READ', 'profile:read'],
  'read and write': ['TOKENS_READ TOKENS_WRITE', 'tokens:read tokens:write'],
} as const;

const USER = `INSERT INTO "User" ("id", "email", "passwordHash", "createdAt") VALUES ('u1', 'a@example.com', 'x', '2026-01-01T00:00:00.000Z')`;
const token = (name: string, scopes: string) =>
  `INSERT INTO "PersonalAccessToken" ("id", "userId", "name", "nameKey", "digest", "hint", "scopes", "createdAt", "expiresAt")
   VALUES ('${name}', 'u1', '${name}', '${name}', 'digest-${name}', 'lkpat_…abcd', '${scopes}', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')`;

const split = (engine: 'sqlite' | 'postgresql') => migrationsAround(engine, MIGRATION);

describe('the migration from scopes to permission names', () => {
  it.runIf(process.env.LATCHKEY_TEST_ENGINE !== 'postgresql')(
    'rewrites every stored scope list as permission names on SQLite, keeping them sorted',
    () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'latchkey-permissions-')), 'latchkey.db');
      const { before, all } = split('sqlite');
      migrateSqlite(file, before);
      const connection = new Database(file);
      try {
        connection.exec(USER);
        for (const [name, [scopes]] of Object.entries(STORED_BEFORE)) connection.exec(token(name, scopes));
      } finally {
        connection.close();
      }
      expect(migrateSqlite(file, all)).toContain(MIGRATION);
      const after = new Database(file, { readonly: true });
      try {
        const rows = after
          .prepare<[], { id: string; permissions: string }>('SELECT "id", "permissions" FROM "PersonalAccessToken"')
          .all();
        expect(Object.fromEntries(rows.map((row) => [row.id, row.permissions]))).toEqual(
          Object.fromEntries(Object.entries(STORED_BEFORE).map(([name, [, permissions]]) => [name, permissions])),
        );
      } finally {
        after.close();
      }
    },
  );

  it.runIf(process.env.LATCHKEY_TEST_ENGINE === 'postgresql')(
    'rewrites every stored scope list as permission names on PostgreSQL',
    async () => {
      const database = await createPostgresqlDatabase();
      try {
        const { before, all } = split('postgresql');
        await migratePostgresql(database.url, before);
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          await client.query(USER);
          for (const [name, [scopes]] of Object.entries(STORED_BEFORE)) await client.query(token(name, scopes));
          expect(await migratePostgresql(database.url, all)).toContain(MIGRATION);
          const { rows } = await client.query<{ id: string; permissions: string }>(
            'SELECT "id", "permissions" FROM "PersonalAccessToken"',
          );
          expect(Object.fromEntries(rows.map((row) => [row.id, row.permissions]))).toEqual(
            Object.fromEntries(Object.entries(STORED_BEFORE).map(([name, [, permissions]]) => [name, permissions])),
          );
        } finally {
          await client.end();
        }
      } finally {
        await database.drop();
      }
    },
  );
});
