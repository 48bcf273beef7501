import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import {
  createTestApp,
  DAY,
  deleteMutation,
  localId,
  restoreMutation,
  revokeMutation,
  type TestApp,
} from './support/app.js';

async function auditActions(tokenId: string) {
  const events = await db.auditEvent.findMany({ where: { tokenId: localId(tokenId) }, orderBy: { id: 'asc' } });
  return events.map((event) => event.action);
}

async function setUp() {
  const app = createTestApp();
  const person = await app.signUp();
  const session = { cookie: person.cookie };
  const { id } = await app.generateToken(session, { name: 'deploy bot' });
  /** Moves the clock, signing in again so the session outlives the jump. */
  async function advance(milliseconds: number) {
    app.clock.advance(milliseconds);
    session.cookie = await app.signIn(person);
  }
  return { app, session, id, advance };
}

async function statusOf(app: TestApp, session: { cookie: string }, id: string) {
  const result = await app.data(
    'query ($id: ID!) { node(id: $id) { ... on PersonalAccessToken { status } } }',
    { id },
    session,
  );
  return result.node?.status ?? 'GONE';
}

describe('token lifecycle', () => {
  it('generates an active token that expires after the chosen preset, and records it', async () => {
    const { app, session, id } = await setUp();
    const token = await app.data(
      'query ($id: ID!) { node(id: $id) { ... on PersonalAccessToken { name status createdAt expiresAt revokedAt lastUsedAt } } }',
      { id },
      session,
    );
    expect(token.node).toEqual({
      name: 'deploy bot',
      status: 'ACTIVE',
      createdAt: '2026-01-15T12:00:00.000Z',
      expiresAt: '2026-02-14T12:00:00.000Z',
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(await auditActions(id)).toEqual(['TOKEN_GENERATED']);
  });

  it('revokes an active token, and revoking it again succeeds without a second event', async () => {
    const { app, session, id } = await setUp();
    const first = await app.data(revokeMutation, { id }, session);
    expect(first.revokeToken).toEqual({
      __typename: 'RevokeTokenSuccess',
      token: { id, status: 'REVOKED', revokedAt: '2026-01-15T12:00:00.000Z' },
    });
    app.clock.advance(60_000);
    const second = await app.data(revokeMutation, { id }, session);
    expect(second.revokeToken.token).toEqual({ id, status: 'REVOKED', revokedAt: '2026-01-15T12:00:00.000Z' });
    expect(await auditActions(id)).toEqual(['TOKEN_GENERATED', 'TOKEN_REVOKED']);
  });

  it('restores a token its owner revoked, back to active', async () => {
    const { app, session, id } = await setUp();
    await app.data(revokeMutation, { id }, session);
    const restored = await app.data(restoreMutation, { id }, session);
    expect(restored.restoreToken).toEqual({
      __typename: 'RestoreTokenSuccess',
      token: { id, status: 'ACTIVE', revokedAt: null },
    });
    expect(await auditActions(id)).toEqual(['TOKEN_GENERATED', 'TOKEN_REVOKED', 'TOKEN_RESTORED']);
  });

  it('restoring an active token changes nothing and records nothing', async () => {
    const { app, session, id } = await setUp();
    const restored = await app.data(restoreMutation, { id }, session);
    expect(restored.restoreToken.token.status).toBe('ACTIVE');
    expect(await auditActions(id)).toEqual(['TOKEN_GENERATED']);
  });

  it('refuses to restore a revoked token once it has expired', async () => {
    const { app, session, id, advance } = await setUp();
    await app.data(revokeMutation, { id }, session);
    await advance(30 * DAY);
    const restored = await app.data(restoreMutation, { id }, session);
    expect(restored.restoreToken).toEqual({
      __typename: 'InvalidTransitionError',
      message: 'An expired token cannot be restored.',
    });
    expect(await statusOf(app, session, id)).toBe('EXPIRED');
    expect((await db.personalAccessToken.findUniqueOrThrow({ where: { id: localId(id) } })).revokedAt).not.toBeNull();
  });

  it.each(['LEAKED', 'ADMIN'] as const)('refuses to restore a token revoked as %s', async (reason) => {
    const { app, session, id } = await setUp();
    await db.personalAccessToken.update({
      where: { id: localId(id) },
      data: { revokedAt: app.clock.now(), revocationReason: reason },
    });
    const restored = await app.data(restoreMutation, { id }, session);
    expect(restored.restoreToken.__typename).toBe('InvalidTransitionError');
    expect(await statusOf(app, session, id)).toBe('REVOKED');
    expect(await auditActions(id)).toEqual(['TOKEN_GENERATED']);
  });

  it('becomes expired when the clock passes its expiry, and revoking it then changes nothing', async () => {
    const { app, session, id, advance } = await setUp();
    await advance(30 * DAY - 1);
    expect(await statusOf(app, session, id)).toBe('ACTIVE');
    await advance(1);
    expect(await statusOf(app, session, id)).toBe('EXPIRED');
    const revoked = await app.data(revokeMutation, { id }, session);
    expect(revoked.revokeToken.token).toEqual({ id, status: 'EXPIRED', revokedAt: null });
    expect(await auditActions(id)).toEqual(['TOKEN_GENERATED']);
  });

  it('refuses to delete an active token', async () => {
    const { app, session, id } = await setUp();
    const deleted = await app.data(deleteMutation, { id }, session);
    expect(deleted.deleteToken).toEqual({
      __typename: 'InvalidTransitionError',
      message: 'Revoke the token before deleting it.',
    });
    expect(await statusOf(app, session, id)).toBe('ACTIVE');
  });

  it('deletes a revoked token for good, keeping its audit events', async () => {
    const { app, session, id } = await setUp();
    await app.data(revokeMutation, { id }, session);
    const deleted = await app.data(deleteMutation, { id }, session);
    expect(deleted.deleteToken).toEqual({ __typename: 'DeleteTokenSuccess', deletedTokenId: id });
    expect(await db.personalAccessToken.count({ where: { id: localId(id) } })).toBe(0);
    expect(await statusOf(app, session, id)).toBe('GONE');
    const events = await db.auditEvent.findMany({ where: { tokenId: localId(id) }, orderBy: { id: 'asc' } });
    expect(events.map((event) => [event.action, event.tokenName])).toEqual([
      ['TOKEN_GENERATED', 'deploy bot'],
      ['TOKEN_REVOKED', 'deploy bot'],
      ['TOKEN_DELETED', 'deploy bot'],
    ]);
  });

  it('deletes an expired token without revoking it first', async () => {
    const { app, session, id, advance } = await setUp();
    await advance(31 * DAY);
    const deleted = await app.data(deleteMutation, { id }, session);
    expect(deleted.deleteToken.__typename).toBe('DeleteTokenSuccess');
  });

  it.each([
    ['revoke', revokeMutation, 'revokeToken'],
    ['restore', restoreMutation, 'restoreToken'],
    ['delete', deleteMutation, 'deleteToken'],
  ])('answers NotFoundError to %s of a deleted, unknown or malformed id', async (_name, mutation, field) => {
    const { app, session, id } = await setUp();
    await app.data(revokeMutation, { id }, session);
    await app.data(deleteMutation, { id }, session);
    const userId = (await app.data('{ viewer { id } }', {}, session)).viewer.id;
    for (const candidate of [id, 'UGVyc29uYWxBY2Nlc3NUb2tlbjpub3BlIQ==', 'not base64 !', '', userId]) {
      const result = await app.data(mutation, { id: candidate }, session);
      expect(result[field], candidate).toEqual({
        __typename: 'NotFoundError',
        message: 'No token with that id exists.',
      });
    }
  });

  it('records who acted: the session, or the token that made the call', async () => {
    const { app, session, id } = await setUp();
    const { secret, id: actingId } = await app.generateToken(session, { name: 'automation' });
    await app.data(revokeMutation, { id }, { token: secret });
    const [revocation] = await db.auditEvent.findMany({ where: { tokenId: localId(id), action: 'TOKEN_REVOKED' } });
    expect(revocation).toMatchObject({ actorType: 'TOKEN', actorId: localId(actingId), tokenName: 'deploy bot' });
    const [generation] = await db.auditEvent.findMany({ where: { tokenId: localId(id), action: 'TOKEN_GENERATED' } });
    expect(generation?.actorType).toBe('SESSION');
  });

  it('lists audit events newest first, filtered by token, through the API', async () => {
    const { app, session, id } = await setUp();
    await app.data(revokeMutation, { id }, session);
    await app.data(restoreMutation, { id }, session);
    const result = await app.data(
      'query ($tokenId: ID) { viewer { auditEvents(first: 10, tokenId: $tokenId) { edges { node { action tokenId tokenName actorType } } } } }',
      { tokenId: id },
      session,
    );
    expect(result.viewer.auditEvents.edges.map((edge: { node: { action: string } }) => edge.node.action)).toEqual([
      'TOKEN_RESTORED',
      'TOKEN_REVOKED',
      'TOKEN_GENERATED',
    ]);
    expect(result.viewer.auditEvents.edges[0].node).toMatchObject({
      tokenId: id,
      tokenName: 'deploy bot',
      actorType: 'SESSION',
    });
  });

  it('leaves a legal state and one event per change under concurrent revokes and restores', async () => {
    const { app, session, id } = await setUp();
    const calls = Array.from({ length: 40 }, (_, index) =>
      app.data(index % 2 === 0 ? revokeMutation : restoreMutation, { id }, session),
    );
    const results = await Promise.all(calls);
    for (const result of results) {
      expect(['RevokeTokenSuccess', 'RestoreTokenSuccess']).toContain(
        (Object.values(result)[0] as { __typename: string }).__typename,
      );
    }
    const events = await db.auditEvent.findMany({ where: { tokenId: localId(id) }, orderBy: { id: 'asc' } });
    const actions = events.map((event) => event.action).slice(1);
    // Changes alternate strictly: a revoke can only follow a restore and vice versa.
    expect(actions.length).toBeGreaterThan(0);
    expect(actions).toEqual(actions.map((_, index) => (index % 2 === 0 ? 'TOKEN_REVOKED' : 'TOKEN_RESTORED')));
    const finalStatus = await statusOf(app, session, id);
    expect(finalStatus).toBe(actions.at(-1) === 'TOKEN_REVOKED' ? 'REVOKED' : 'ACTIVE');
  });
});
