import { describe, expect, it } from 'vitest';
import { engineName, testEngine } from './support/engine.js';
import { upgradePopulated } from './support/migrations.js';

const MIGRATION = '0008_token_controls';

const USER = `INSERT INTO "User" ("id", "email", "passwordHash", "createdAt") VALUES ('u1', 'a@example.com', 'x', '2026-01-01T00:00:00.000Z')`;
const TOKEN = `INSERT INTO "PersonalAccessToken" ("id", "userId", "name", "nameKey", "digest", "hint", "permissions", "createdAt", "expiresAt")
   VALUES ('t1', 'u1', 'kept', 'kept', 'digest-t1', 'lkpat_…abcd', 'profile:read', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')`;
const READ_BACK = `SELECT "id", "digest", "allowedAddresses", "refusedAddressCount", "rateLimitRequests",
  "rateLimitWindowSeconds", "quotaUses", "quotaRefill" FROM "PersonalAccessToken"`;

describe('the migration that adds token controls', () => {
  it(`keeps every token of a populated ${engineName[testEngine]} database, without controls`, async () => {
    const upgraded = await upgradePopulated(testEngine, MIGRATION, [USER, TOKEN]);
    try {
      expect(upgraded.applied).toEqual([MIGRATION]);
      // A token from before controls existed is open to any address and unlimited, as it was.
      expect(await upgraded.run(READ_BACK)).toEqual([
        {
          id: 't1',
          digest: 'digest-t1',
          allowedAddresses: null,
          refusedAddressCount: 0,
          rateLimitRequests: null,
          rateLimitWindowSeconds: null,
          quotaUses: null,
          quotaRefill: null,
        },
      ]);
    } finally {
      await upgraded.close();
    }
  });
});
