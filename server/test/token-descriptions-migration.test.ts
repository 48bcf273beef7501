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

const MIGRATION = '0006_token_descriptions_and_edits';

const POPULATE = [
  `INSERT INTO "User" ("id", "email", "passwordHash", "createdAt") VALUES ('u1', 'a@example.com', 'x', '2026-01-01T00:00:00.000Z')`,
  `INSERT INTO "PersonalAccessToken" ("id", "userId", "name", "nameKey", "digest", "hint", "permissions", "createdAt", "expiresAt", "lastUsedService")
   VALUES ('t1', 'u1', 'deploy', 'deploy', 'digest-1', 'lkpat_…abcd', 'profile:read tokens:read', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', 'latchkey')`,
  `INSERT INTO "AuditEvent" ("id", "userId", "action", "actorType", "actorId", "tokenId", "tokenName", "createdAt")
   VALUES ('e1', 'u1', 'TOKEN_GENERATED', 'SESSION', 's1', 't1', 'deploy', '2026-01-01T00:00:00.000Z')`,
];
const UPDATED_EVENT = `INSERT INTO "AuditEvent" ("id", "userId", "action", "actorType", "actorId", "tokenId", "tokenName", "changes", "createdAt")
   VALUES ('e2', 'u1', 'TOKEN_UPDATED', 'SESSION', 's1', 't1', 'deploy', '[]', '2026-01-02T00:00:00.000Z')`;
const DESCRIBE = `UPDATE "PersonalAccessToken" SET "description" = 'ships releases' WHERE "id" = 't1'`;
const READ_BACK = `SELECT t."id", t."name", t."permissions", t."description", e."action", e."changes"
  FROM "PersonalAccessToken" t JOIN "AuditEvent" e ON e."tokenId" = t."id" ORDER BY e."id"`;

const EXPECTED = [
  {
    id: 't1',
    name: 'deploy',
    permissions: 'profile:read tokens:read',
    description: null,
    action: 'TOKEN_GENERATED',
    changes: null,
  },
];
const EXPECTED_AFTER_WRITES = [
  { ...EXPECTED[0], description: 'ships releases' },
  { ...EXPECTED[0], description: 'ships releases', action: 'TOKEN_UPDATED', changes: '[]' },
];

const split = (engine: 'sqlite' | 'postgresql') => migrationsAround(engine, MIGRATION);

describe('the migration adding descriptions and edit events', () => {
  it.runIf(process.env.LATCHKEY_TEST_ENGINE !== 'postgresql')(
    'keeps every token and event of a populated SQLite database, with no description, and takes the new columns',
    () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'latchkey-descriptions-')), 'latchkey.db');
      const { before, through } = split('sqlite');
      migrateSqlite(file, before);
      const connection = new Database(file);
      try {
        for (const statement of POPULATE) connection.exec(statement);
      } finally {
        connection.close();
      }
      expect(migrateSqlite(file, through)).toContain(MIGRATION);
      const after = new Database(file);
      try {
        expect(after.prepare(READ_BACK).all()).toEqual(EXPECTED);
        after.exec(DESCRIBE);
        after.exec(UPDATED_EVENT);
        expect(after.prepare(READ_BACK).all()).toEqual(EXPECTED_AFTER_WRITES);
      } finally {
        after.close();
      }
    },
  );

  it.runIf(process.env.LATCHKEY_TEST_ENGINE === 'postgresql')(
    'keeps every token and event of a populated PostgreSQL database, and accepts TOKEN_UPDATED events',
    async () => {
      const database = await createPostgresqlDatabase();
      try {
        const { before, through } = split('postgresql');
        await migratePostgresql(database.url, before);
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          for (const statement of POPULATE) await client.query(statement);
          expect(await migratePostgresql(database.url, through)).toContain(MIGRATION);
          expect((await client.query(READ_BACK)).rows).toEqual(EXPECTED);
          await client.query(DESCRIBE);
          await client.query(UPDATED_EVENT);
          expect((await client.query(READ_BACK)).rows).toEqual(EXPECTED_AFTER_WRITES);
        } finally {
          await client.end();
        }
      } finally {
        await database.drop();
      }
    },
  );
});
