import { describe, expect, it } from 'vitest';
import { engineName, testEngine } from './support/engine.js';
import { upgradePopulated } from './support/migrations.js';

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

describe('the migration adding descriptions and edit events', () => {
  it(`keeps every token and event of a populated ${engineName[testEngine]} database, with no description, and takes the new columns`, async () => {
    const upgraded = await upgradePopulated(testEngine, MIGRATION, POPULATE);
    try {
      expect(upgraded.applied).toEqual([MIGRATION]);
      expect(await upgraded.run(READ_BACK)).toEqual(EXPECTED);
      await upgraded.run(DESCRIBE);
      await upgraded.run(UPDATED_EVENT);
      expect(await upgraded.run(READ_BACK)).toEqual(EXPECTED_AFTER_WRITES);
    } finally {
      await upgraded.close();
    }
  });
});
