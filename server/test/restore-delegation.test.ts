import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { createTestApp, localId, restoreMutation, revokeMutation } from './support/app.js';

const everyScope = ['profile:read', 'tokens:read', 'tokens:write', 'audit:read'];

async function setUp(target: { permissions: string[]; expiration: string }) {
  const app = createTestApp();
  const person = await app.signUp();
  const session = { cookie: person.cookie };
  const revoked = await app.generateToken(session, { name: 'powerful', ...target });
  await app.data(revokeMutation, { id: revoked.id }, session);
  /** What the database holds for the revoked token, and its audit trail: a refusal must change neither. */
  const snapshot = async () => ({
    row: await db.personalAccessToken.findUniqueOrThrow({ where: { id: localId(revoked.id) } }),
    events: await db.auditEvent.count({ where: { tokenId: localId(revoked.id) } }),
  });
  return { app, session, revoked, snapshot };
}

describe('restoring a token with a token', () => {
  it('refuses a token restoring one with permissions it lacks, and changes nothing', async () => {
    const { app, session, revoked, snapshot } = await setUp({ permissions: everyScope, expiration: 'DAYS_30' });
    const writer = await app.generateToken(session, { permissions: ['tokens:write'], expiration: 'YEAR_1' });
    const before = await snapshot();
    const result = await app.data(restoreMutation, { id: revoked.id }, { token: writer.secret });
    expect(result.restoreToken).toEqual({
      __typename: 'InvalidTransitionError',
      message: 'A token can only restore tokens whose permissions it holds itself.',
    });
    expect(await snapshot()).toEqual(before);
    const rejected = await app.request('{ viewer { id } }', {}, { token: revoked.secret });
    expect(rejected.status).toBe(401);
  });

  it('refuses a token restoring one that outlives it, and changes nothing', async () => {
    const { app, session, revoked, snapshot } = await setUp({ permissions: ['tokens:write'], expiration: 'YEAR_1' });
    const writer = await app.generateToken(session, { permissions: everyScope, expiration: 'DAYS_30' });
    const before = await snapshot();
    const result = await app.data(restoreMutation, { id: revoked.id }, { token: writer.secret });
    expect(result.restoreToken).toEqual({
      __typename: 'InvalidTransitionError',
      message: 'A token can only restore tokens that expire no later than itself.',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('lets a token restore one no more powerful and no longer-lived than itself', async () => {
    const { app, session, revoked } = await setUp({ permissions: ['tokens:read'], expiration: 'DAYS_30' });
    const writer = await app.generateToken(session, {
      permissions: ['tokens:read', 'tokens:write'],
      expiration: 'DAYS_60',
    });
    const result = await app.data(restoreMutation, { id: revoked.id }, { token: writer.secret });
    expect(result.restoreToken.__typename).toBe('RestoreTokenSuccess');
    expect(result.restoreToken.token.status).toBe('ACTIVE');
  });

  it('lets a session within its sudo window restore a token of any power', async () => {
    const { app, session, revoked } = await setUp({ permissions: everyScope, expiration: 'YEAR_1' });
    const result = await app.data(restoreMutation, { id: revoked.id }, session);
    expect(result.restoreToken.token.status).toBe('ACTIVE');
  });
});
