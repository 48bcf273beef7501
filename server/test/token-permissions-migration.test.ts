import { describe, expect, it } from 'vitest';
import { engineName, testEngine } from './support/engine.js';
import { upgradePopulated } from './support/migrations.js';

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

describe('the migration from scopes to permission names', () => {
  it(`rewrites every stored scope list as permission names on ${engineName[testEngine]}, keeping them sorted`, async () => {
    const tokens = Object.entries(STORED_BEFORE).map(([name, [scopes]]) => token(name, scopes));
    // Through every later migration too: none may undo it.
    const upgraded = await upgradePopulated(testEngine, MIGRATION, [USER, ...tokens], { upTo: 'all' });
    try {
      expect(upgraded.applied).toContain(MIGRATION);
      const rows = await upgraded.run('SELECT "id", "permissions" FROM "PersonalAccessToken"');
      expect(Object.fromEntries(rows.map((row) => [row.id, row.permissions]))).toEqual(
        Object.fromEntries(Object.entries(STORED_BEFORE).map(([name, [, permissions]]) => [name, permissions])),
      );
    } finally {
      await upgraded.close();
    }
  });
});
