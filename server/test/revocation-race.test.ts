import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { createTestApp, localId } from './support/app.js';
import { testDatabaseUrl, testEngine } from './support/database.js';

const changePassword = `mutation ($input: ChangePasswordInput!) {
  changePassword(input: $input) { __typename ... on ChangePasswordSuccess { revokedTokenCount } }
}`;
const revokeToken = `mutation ($id: ID!) { revokeToken(id: $id) { __typename } }`;

async function waitForLockWaiters(client: pg.Client, count: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    // Inside a transaction PostgreSQL serves the statistics views from one snapshot unless told to drop it.
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if ((rows[0]?.waiting ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Fewer than ${count} transactions ever waited for the token's row lock`);
}

// SQLite serialises every write transaction, so only PostgreSQL can interleave the two.
describe.runIf(testEngine === 'postgresql')('revoking a token while the password change revokes them all', () => {
  it('records exactly one TOKEN_REVOKED event for the token, by whichever transaction changed it', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const session = { cookie: person.cookie };
    const token = await app.generateToken(session, { permissions: ['profile:read'] });
    const bystander = await app.generateToken(session, { permissions: ['profile:read'] });

    // Hold the token's row lock so both transactions queue behind it: the revoke first, then the password change,
    // which has by then read the token as active.
    const holder = new pg.Client({ connectionString: testDatabaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT "id" FROM "PersonalAccessToken" WHERE "id" = $1 FOR UPDATE', [localId(token.id)]);
      const revoke = app.data(revokeToken, { id: token.id }, session);
      await waitForLockWaiters(holder, 1);
      const change = app.data(
        changePassword,
        { input: { currentPassword: person.password, newPassword: 'a brand new password', revokeAllTokens: true } },
        session,
      );
      await waitForLockWaiters(holder, 2);
      await holder.query('COMMIT');

      expect((await revoke).revokeToken.__typename).toBe('RevokeTokenSuccess');
      expect((await change).changePassword).toEqual({ __typename: 'ChangePasswordSuccess', revokedTokenCount: 1 });
    } finally {
      await holder.end();
    }

    const events = await db.auditEvent.findMany({
      where: { tokenId: { in: [localId(token.id), localId(bystander.id)] }, action: 'TOKEN_REVOKED' },
      select: { tokenId: true, actorType: true },
      orderBy: { tokenId: 'asc' },
    });
    expect(events).toEqual(
      [
        { tokenId: localId(token.id), actorType: 'SESSION' },
        { tokenId: localId(bystander.id), actorType: 'SESSION' },
      ].sort((a, b) => a.tokenId.localeCompare(b.tokenId)),
    );
  });
});
