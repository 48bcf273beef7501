import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { createTestApp, localId, revokeMutation } from './support/app.js';
import { testDatabaseUrl, testEngine } from './support/database.js';

async function waitForLockWaiter(client: pg.Client): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if ((rows[0]?.waiting ?? 0) >= 1) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('The revoke never waited for the row lock');
}

// SQLite serialises every write transaction, so only PostgreSQL can interleave the two.
describe.runIf(testEngine === 'postgresql')('revoking a token while a restore of it is under way', () => {
  it('waits for the restore, then revokes: the token ends revoked, as the answer says', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const session = { cookie: person.cookie };
    const token = await app.generateToken(session, { permissions: ['profile:read'] });
    await app.data(revokeMutation, { id: token.id }, session);

    // A restore that has locked the row and written, but not yet committed, as restoreToken does.
    const restorer = new pg.Client({ connectionString: testDatabaseUrl });
    await restorer.connect();
    try {
      await restorer.query('BEGIN');
      await restorer.query('SELECT "id" FROM "PersonalAccessToken" WHERE "id" = $1 FOR UPDATE', [localId(token.id)]);
      await restorer.query(
        'UPDATE "PersonalAccessToken" SET "revokedAt" = NULL, "revocationReason" = NULL WHERE "id" = $1',
        [localId(token.id)],
      );
      const revoke = app.data(revokeMutation, { id: token.id }, session);
      const first = await Promise.race([
        revoke.then(() => 'the revoke answered'),
        waitForLockWaiter(restorer).then(
          () => 'the revoke waits',
          () => 'the revoke never waited',
        ),
      ]);
      expect(first).toBe('the revoke waits');
      await restorer.query('COMMIT');

      expect((await revoke).revokeToken).toMatchObject({
        __typename: 'RevokeTokenSuccess',
        token: { status: 'REVOKED' },
      });
    } finally {
      await restorer.end();
    }
    const stored = await db.personalAccessToken.findUniqueOrThrow({ where: { id: localId(token.id) } });
    expect(stored.revokedAt).not.toBeNull();
  });
});
