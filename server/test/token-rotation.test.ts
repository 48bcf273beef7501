import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { tokenDigest } from '../src/tokens/format.js';
import { listenForTokenInvalidations } from '../src/tokens/invalidation.js';
import { findTokenByDigest, TokenVerifier } from '../src/tokens/verification.js';
import {
  type Credentials,
  createTestApp,
  DAY,
  localId,
  MINUTE,
  restoreMutation,
  revokeMutation,
  type TestApp,
  TestClock,
} from './support/app.js';
import { testDatabaseUrl, testEngine } from './support/database.js';

const HOUR = 60 * MINUTE;

const rotateMutation = `mutation ($id: ID!, $overlap: RotationOverlap!) {
  rotateToken(id: $id, overlap: $overlap) {
    __typename
    ... on Error { message }
    ... on RotateTokenSuccess {
      secret
      token { id name hint status permissions { name } createdAt expiresAt rotatedAt previousSecretValidUntil }
    }
  }
}`;

const whoAmI = '{ viewer { currentToken { id } } }';

async function setUp(input: { expiration?: string; permissions?: string[] } = {}) {
  const app = createTestApp();
  const person = await app.signUp();
  const session = { cookie: person.cookie };
  const { id, secret } = await app.generateToken(session, { name: 'deploy bot', ...input });
  return { app, person, session, id, secret };
}

async function rotate(app: TestApp, credentials: Credentials, id: string, overlap: string) {
  const result = await app.data(rotateMutation, { id, overlap }, credentials);
  return result.rotateToken;
}

async function rotated(app: TestApp, credentials: Credentials, id: string, overlap: string) {
  const payload = await rotate(app, credentials, id, overlap);
  expect(payload.__typename, JSON.stringify(payload)).toBe('RotateTokenSuccess');
  return payload as { secret: string; token: Record<string, unknown> };
}

/** Whether `secret` authenticates a request now: 200, or the invalid-token 401. */
async function authenticates(app: TestApp, secret: string): Promise<boolean> {
  const response = await app.request(whoAmI, {}, { token: secret });
  if (response.status === 401) {
    expect(response.body.errors[0].extensions.code).toBe('INVALID_TOKEN');
    return false;
  }
  expect(response.status, response.text).toBe(200);
  return true;
}

async function previousSecretValidUntil(app: TestApp, session: Credentials, id: string) {
  const result = await app.data(
    'query ($id: ID!) { node(id: $id) { ... on PersonalAccessToken { previousSecretValidUntil } } }',
    { id },
    session,
  );
  return result.node.previousSecretValidUntil;
}

describe('rotating a token', () => {
  it('gives the same token a new secret, shown once in the payload, and a new expiry of the same lifetime', async () => {
    const { app, person, session, id, secret } = await setUp();
    app.clock.advance(10 * DAY);
    session.cookie = await app.signIn(person);
    const payload = await rotated(app, session, id, 'ONE_HOUR');
    expect(payload.secret).toMatch(/^lkpat_[0-9A-Za-z]{38}$/);
    expect(payload.secret).not.toBe(secret);
    expect(payload.token).toEqual({
      id,
      name: 'deploy bot',
      hint: `lkpat_…${payload.secret.slice(-4)}`,
      status: 'ACTIVE',
      permissions: [
        { name: 'audit:read' },
        { name: 'profile:read' },
        { name: 'tokens:read' },
        { name: 'tokens:write' },
      ],
      createdAt: '2026-01-15T12:00:00.000Z',
      expiresAt: '2026-02-24T12:00:00.000Z',
      rotatedAt: '2026-01-25T12:00:00.000Z',
      previousSecretValidUntil: '2026-01-25T13:00:00.000Z',
    });
    // Neither secret is stored or logged anywhere: only their digests.
    const row = await db.personalAccessToken.findUniqueOrThrow({ where: { id: localId(id) } });
    expect(row.digest).toBe(tokenDigest(payload.secret));
    expect(row.previousDigest).toBe(tokenDigest(secret));
    const stored = JSON.stringify([row, await db.auditEvent.findMany({ where: { tokenId: localId(id) } })]);
    expect(stored).not.toContain(payload.secret);
    expect(stored).not.toContain(secret);
  });

  it('keeps the lifetime across rotations, and never exceeds the longest one allowed', async () => {
    const { app, session, id } = await setUp({ expiration: 'DAYS_30' });
    const first = await rotated(app, session, id, 'NONE');
    expect(first.token.expiresAt).toBe('2026-02-14T12:00:00.000Z');
    app.clock.advance(5 * MINUTE);
    const second = await rotated(app, session, id, 'NONE');
    expect(second.token.expiresAt).toBe('2026-02-14T12:05:00.000Z');
    const yearLong = await app.generateToken(session, { name: 'yearly', expiration: 'YEAR_1' });
    const renewed = await rotated(app, session, yearLong.id, 'NONE');
    expect(renewed.token.expiresAt).toBe('2027-01-15T12:05:00.000Z');
  });

  it('keeps the replaced secret working until the overlap ends, then refuses it', async () => {
    const { app, session, id, secret } = await setUp();
    expect(await authenticates(app, secret)).toBe(true);
    const { secret: next } = await rotated(app, session, id, 'ONE_HOUR');
    expect(await authenticates(app, secret)).toBe(true);
    app.clock.advance(HOUR - 1);
    expect(await authenticates(app, secret)).toBe(true);
    expect(await authenticates(app, next)).toBe(true);
    expect(await previousSecretValidUntil(app, { token: next }, id)).toBe('2026-01-15T13:00:00.000Z');
    app.clock.advance(1);
    expect(await authenticates(app, secret)).toBe(false);
    expect(await authenticates(app, next)).toBe(true);
    expect(await previousSecretValidUntil(app, { token: next }, id)).toBeNull();
    // The lookup itself no longer finds the token by the replaced secret.
    expect(await findTokenByDigest(tokenDigest(secret), app.clock.now())).toBeNull();
  });

  it('refuses the replaced secret at once with no overlap, even where it was just verified', async () => {
    const { app, session, id, secret } = await setUp();
    expect(await authenticates(app, secret)).toBe(true);
    const { secret: next, token } = await rotated(app, session, id, 'NONE');
    expect(token.previousSecretValidUntil).toBeNull();
    expect(await authenticates(app, secret)).toBe(false);
    expect(await authenticates(app, next)).toBe(true);
  });

  it('ends a secret replaced by an earlier rotation at once when the token is rotated again', async () => {
    const { app, session, id, secret } = await setUp();
    const { secret: second } = await rotated(app, session, id, 'SEVEN_DAYS');
    expect(await authenticates(app, secret)).toBe(true);
    const { secret: third } = await rotated(app, session, id, 'ONE_DAY');
    expect(await authenticates(app, secret)).toBe(false);
    expect(await authenticates(app, second)).toBe(true);
    expect(await authenticates(app, third)).toBe(true);
  });

  it('never lets the replaced secret outlive its own expiry', async () => {
    const { app, person, session, id } = await setUp({ expiration: 'DAYS_30' });
    app.clock.advance(30 * DAY - 2 * HOUR);
    session.cookie = await app.signIn(person);
    const { token } = await rotated(app, session, id, 'SEVEN_DAYS');
    expect(token.previousSecretValidUntil).toBe('2026-02-14T12:00:00.000Z');
  });

  it('ends both secrets when the token is revoked, and restoring brings back only the new one', async () => {
    const { app, session, id, secret } = await setUp();
    const { secret: next } = await rotated(app, session, id, 'SEVEN_DAYS');
    expect(await authenticates(app, secret)).toBe(true);
    expect(await authenticates(app, next)).toBe(true);
    await app.data(revokeMutation, { id }, session);
    expect(await authenticates(app, secret)).toBe(false);
    expect(await authenticates(app, next)).toBe(false);
    expect(await previousSecretValidUntil(app, session, id)).toBeNull();
    expect((await app.data(restoreMutation, { id }, session)).restoreToken.token.status).toBe('ACTIVE');
    expect(await authenticates(app, next)).toBe(true);
    expect(await authenticates(app, secret)).toBe(false);
  });

  it('records TOKEN_ROTATED with the overlap, and no secret', async () => {
    const { app, session, id } = await setUp();
    await rotated(app, session, id, 'ONE_DAY');
    const audit = await app.data(
      `query ($tokenId: ID!) {
        viewer { auditEvents(first: 10, tokenId: $tokenId) { edges { node { action actorType tokenName rotationOverlap } } } }
      }`,
      { tokenId: id },
      session,
    );
    expect(audit.viewer.auditEvents.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { action: 'TOKEN_ROTATED', actorType: 'SESSION', tokenName: 'deploy bot', rotationOverlap: 'ONE_DAY' },
      { action: 'TOKEN_GENERATED', actorType: 'SESSION', tokenName: 'deploy bot', rotationOverlap: null },
    ]);
  });

  it('shows when the replaced secret ends in the list', async () => {
    const { app, session, id } = await setUp();
    await rotated(app, session, id, 'ONE_HOUR');
    const list = await app.data(
      '{ viewer { tokens(first: 10) { edges { node { id rotatedAt previousSecretValidUntil } } } } }',
      {},
      session,
    );
    expect(list.viewer.tokens.edges).toEqual([
      { node: { id, rotatedAt: '2026-01-15T12:00:00.000Z', previousSecretValidUntil: '2026-01-15T13:00:00.000Z' } },
    ]);
  });

  it('lets a token with tokens:write rotate itself, past its own expiry, so a job can renew its secret', async () => {
    const { app, id, secret } = await setUp({ expiration: 'DAYS_30', permissions: ['tokens:write'] });
    app.clock.advance(29 * DAY);
    const { secret: next, token } = await rotated(app, { token: secret }, id, 'ONE_HOUR');
    expect(token.expiresAt).toBe('2026-03-15T12:00:00.000Z');
    expect(await authenticates(app, next)).toBe(true);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { tokenId: localId(id), action: 'TOKEN_ROTATED' } });
    expect({ actorType: audit.actorType, actorId: audit.actorId }).toEqual({
      actorType: 'TOKEN',
      actorId: localId(id),
    });
  });

  it('refuses a token without tokens:write', async () => {
    const { app, id, secret } = await setUp({ permissions: ['tokens:read'] });
    const response = await app.request(rotateMutation, { id, overlap: 'NONE' }, { token: secret });
    expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await authenticates(app, secret)).toBe(true);
  });

  it('lets a token rotate another only under the minting rules', async () => {
    const { app, session, id: target } = await setUp({ expiration: 'DAYS_30', permissions: ['profile:read'] });
    const weaker = await app.generateToken(session, { name: 'weaker', permissions: ['tokens:write'] });
    expect(await rotate(app, { token: weaker.secret }, target, 'NONE')).toEqual({
      __typename: 'InvalidTransitionError',
      message: 'A token can only rotate tokens whose permissions it holds itself.',
    });
    const shorter = await app.generateToken(session, {
      name: 'shorter',
      expiration: 'DAYS_30',
      permissions: ['tokens:write', 'profile:read'],
    });
    app.clock.advance(MINUTE);
    expect(await rotate(app, { token: shorter.secret }, target, 'NONE')).toEqual({
      __typename: 'InvalidTransitionError',
      message: 'A token can only rotate tokens whose new secret would expire no later than itself.',
    });
    const longer = await app.generateToken(session, {
      name: 'longer',
      expiration: 'DAYS_60',
      permissions: ['tokens:write', 'profile:read'],
    });
    expect((await rotate(app, { token: longer.secret }, target, 'NONE')).__typename).toBe('RotateTokenSuccess');
  });

  it('rotates only active tokens of your own', async () => {
    const { app, person, session, id } = await setUp({ expiration: 'DAYS_30' });
    await app.data(revokeMutation, { id }, session);
    expect(await rotate(app, session, id, 'NONE')).toEqual({
      __typename: 'InvalidTransitionError',
      message: 'Only an active token can be rotated.',
    });
    const other = await app.signUp();
    expect((await rotate(app, { cookie: other.cookie }, id, 'NONE')).__typename).toBe('NotFoundError');
    const fresh = await app.generateToken(session, { name: 'fresh', expiration: 'DAYS_30' });
    app.clock.advance(30 * DAY);
    session.cookie = await app.signIn(person);
    expect((await rotate(app, session, fresh.id, 'NONE')).__typename).toBe('InvalidTransitionError');
  });

  it('asks a session for its password when the last sign-in is not recent', async () => {
    const { app, session, id, secret } = await setUp();
    app.clock.advance(11 * MINUTE);
    expect((await rotate(app, session, id, 'NONE')).__typename).toBe('ReauthenticationRequiredError');
    expect(await authenticates(app, secret)).toBe(true);
  });

  it.runIf(testEngine === 'postgresql')(
    'ends the replaced secret on another replica: at once with no overlap, else when its clock passes the overlap',
    async () => {
      const { app, session, id, secret } = await setUp();
      // Replica B: its own cache, told of A's changes only by PostgreSQL's NOTIFY, with its own clock.
      const clockB = new TestClock(app.clock.now());
      const replicaB = new TokenVerifier({ ttlMs: 3_600_000, maxEntries: 100 });
      const listener = await listenForTokenInvalidations(testDatabaseUrl, replicaB);
      const forgotten: string[] = [];
      replicaB.subscribe({ forgotten: (tokenId) => forgotten.push(tokenId), stoppedCaching: () => undefined });
      const heardOf = async (count: number) => {
        const deadline = performance.now() + 5000;
        while (forgotten.filter((tokenId) => tokenId === localId(id)).length < count) {
          expect(performance.now(), 'replica B never heard of the change').toBeLessThan(deadline);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      const acceptsOnB = async (candidate: string) => (await replicaB.peek(candidate, clockB.now())) !== null;
      try {
        expect(await acceptsOnB(secret)).toBe(true);
        const { secret: second } = await rotated(app, session, id, 'ONE_HOUR');
        await heardOf(1);
        expect(await acceptsOnB(secret)).toBe(true);
        expect(await acceptsOnB(second)).toBe(true);
        clockB.advance(HOUR);
        expect(await acceptsOnB(secret)).toBe(false);
        expect(await acceptsOnB(second)).toBe(true);

        const { secret: third } = await rotated(app, session, id, 'NONE');
        await heardOf(2);
        expect(await acceptsOnB(second)).toBe(false);
        expect(await acceptsOnB(third)).toBe(true);

        const { secret: fourth } = await rotated(app, session, id, 'SEVEN_DAYS');
        await heardOf(3);
        expect(await acceptsOnB(third)).toBe(true);
        await app.data(revokeMutation, { id }, session);
        await heardOf(4);
        expect(await acceptsOnB(third)).toBe(false);
        expect(await acceptsOnB(fourth)).toBe(false);
      } finally {
        await listener.close();
      }
    },
  );
});
