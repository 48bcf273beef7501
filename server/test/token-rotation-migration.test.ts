import { describe, expect, it } from 'vitest';
import { engineName, testEngine } from './support/engine.js';
import { upgradePopulated } from './support/migrations.js';

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

describe('the migration that adds token rotation', () => {
  it(`keeps every token of a populated ${engineName[testEngine]} database, with no replaced secret`, async () => {
    const upgraded = await upgradePopulated(testEngine, MIGRATION, [USER, TOKEN, SECOND_TOKEN]);
    try {
      expect(upgraded.applied).toEqual([MIGRATION]);
      expect(await upgraded.run(`${READ_BACK} WHERE "id" = 't1'`)).toEqual([
        {
          id: 't1',
          digest: 'digest-t1',
          permissions: 'profile:read',
          rotatedAt: null,
          previousDigest: null,
          previousSecretValidUntil: null,
        },
      ]);
      await expect(upgraded.run(SHARED_PREVIOUS_DIGEST)).rejects.toThrow(/unique/i);
    } finally {
      await upgraded.close();
    }
  });
});
