import { describe, expect, it } from 'vitest';
import { engineName, testEngine } from './support/engine.js';
import { upgradePopulated } from './support/migrations.js';

const MIGRATION = '0013_token_permission_index';

const USER = `INSERT INTO "User" ("id", "email", "passwordHash", "createdAt") VALUES ('u1', 'a@example.com', 'x', '2026-01-01T00:00:00.000Z')`;
const token = (id: string, permissions: string) =>
  `INSERT INTO "PersonalAccessToken" ("id", "userId", "name", "nameKey", "digest", "hint", "permissions", "createdAt", "expiresAt")
   VALUES ('${id}', 'u1', '${id}', '${id}', 'digest-${id}', 'lkpat_…abcd', '${permissions}', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')`;
const TOKENS = [token('t1', 'profile:read tokens:read tokens:write'), token('t2', 'reports:export'), token('t3', '')];
const READ_BACK = `SELECT "tokenId", "permission", "prefix" FROM "TokenPermission" ORDER BY "tokenId", "permission"`;

describe("the migration that indexes tokens' permissions", () => {
  it(`writes a row for each permission of each token of a populated ${engineName[testEngine]} database`, async () => {
    const upgraded = await upgradePopulated(testEngine, MIGRATION, [USER, ...TOKENS]);
    try {
      expect(upgraded.applied).toEqual([MIGRATION]);
      // A token holding none has no row.
      expect(await upgraded.run(READ_BACK)).toEqual([
        { tokenId: 't1', permission: 'profile:read', prefix: 'profile' },
        { tokenId: 't1', permission: 'tokens:read', prefix: 'tokens' },
        { tokenId: 't1', permission: 'tokens:write', prefix: 'tokens' },
        { tokenId: 't2', permission: 'reports:export', prefix: 'reports' },
      ]);
    } finally {
      await upgraded.close();
    }
  });
});
