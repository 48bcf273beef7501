import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { generateTokenSecret } from '../src/tokens/format.js';
import { lastUseRecorder } from '../src/tokens/last-use.js';
import {
  createTestApp,
  DAY,
  deleteMutation,
  localId,
  MINUTE,
  restoreMutation,
  revokeMutation,
  withWrongChecksum,
} from './support/app.js';

const viewerQuery = '{ viewer { email currentToken { name } } }';

async function setUp() {
  const app = createTestApp();
  const person = await app.signUp();
  const session = { cookie: person.cookie };
  const { id, secret } = await app.generateToken(session, { name: 'ci' });
  return { app, person, session, id, secret };
}

describe('bearer token authentication', () => {
  it('authenticates as the owner with the token in use as currentToken', async () => {
    const { app, person, secret } = await setUp();
    expect(await app.data(viewerQuery, {}, { token: secret })).toEqual({
      viewer: { email: person.email, currentToken: { name: 'ci' } },
    });
  });

  it('shows no currentToken to a signed-in session', async () => {
    const { app, session } = await setUp();
    expect((await app.data('{ viewer { currentToken { id } } }', {}, session)).viewer.currentToken).toBeNull();
  });

  it('is refused on the very next request after revoke, accepted after restore, refused after delete', async () => {
    const { app, session, id, secret } = await setUp();
    expect((await app.request(viewerQuery, {}, { token: secret })).status).toBe(200);

    await app.data(revokeMutation, { id }, session);
    expect((await app.request(viewerQuery, {}, { token: secret })).status).toBe(401);

    await app.data(restoreMutation, { id }, session);
    expect((await app.request(viewerQuery, {}, { token: secret })).status).toBe(200);

    await app.data(revokeMutation, { id }, session);
    await app.data(deleteMutation, { id }, session);
    expect((await app.request(viewerQuery, {}, { token: secret })).status).toBe(401);
  });

  it('is refused by a token revoking itself from its next request on', async () => {
    const { app, id, secret } = await setUp();
    const revoked = await app.data(revokeMutation, { id }, { token: secret });
    expect(revoked.revokeToken.token.status).toBe('REVOKED');
    expect((await app.request(viewerQuery, {}, { token: secret })).status).toBe(401);
  });

  it('is refused from the instant it expires, even while cached', async () => {
    const { app, secret } = await setUp();
    app.clock.advance(30 * DAY - 1);
    expect((await app.request(viewerQuery, {}, { token: secret })).status).toBe(200);
    app.clock.advance(1);
    expect((await app.request(viewerQuery, {}, { token: secret })).status).toBe(401);
  });

  it('gives one identical 401 for malformed, wrong-checksum, unknown, revoked, expired and deleted tokens', async () => {
    const { app, session, secret } = await setUp();
    const revoked = await app.generateToken(session, { name: 'revoked' });
    await app.data(revokeMutation, { id: revoked.id }, session);
    const deleted = await app.generateToken(session, { name: 'deleted' });
    await app.data(revokeMutation, { id: deleted.id }, session);
    await app.data(deleteMutation, { id: deleted.id }, session);
    const expiring = await app.generateToken(session, { name: 'expiring', expiration: 'DAYS_30' });
    const wrongChecksum = withWrongChecksum(secret);

    const authorizations = [
      'Bearer not-a-token',
      `Bearer ${wrongChecksum}`,
      `Bearer ${generateTokenSecret()}`,
      `Bearer ${revoked.secret}`,
      `Bearer ${deleted.secret}`,
      `Basic ${Buffer.from('user:pass').toString('base64')}`,
      'Bearer',
      `Bearer ${secret} extra`,
    ];
    const responses = [];
    for (const authorization of authorizations) responses.push(await app.request(viewerQuery, {}, { authorization }));
    app.clock.advance(30 * DAY);
    responses.push(await app.request(viewerQuery, {}, { token: expiring.secret }));

    for (const response of responses) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect(response.text).toBe(responses[0]?.text);
    }
    expect(responses[0]?.body).toEqual({
      errors: [{ message: 'The access token is invalid, expired or revoked.', extensions: { code: 'INVALID_TOKEN' } }],
    });
  });

  it('uses the bearer token rather than a session cookie sent alongside it', async () => {
    const { app, session, id, secret } = await setUp();
    await app.data(revokeMutation, { id }, session);
    expect((await app.request(viewerQuery, {}, { ...session, token: secret })).status).toBe(401);
  });

  it('records when and from where a token was last used, at most once a minute', async () => {
    const { app, session, id, secret } = await setUp();
    // Uses are written in batches off the request path; flushing makes the batch visible now.
    const lastUse = async () => {
      await lastUseRecorder.flush();
      const query = 'query ($id: ID!) { node(id: $id) { ... on PersonalAccessToken { lastUsedAt } } }';
      return (await app.data(query, { id }, session)).node.lastUsedAt;
    };
    expect(await lastUse()).toBeNull();

    await app.request(viewerQuery, {}, { token: secret });
    expect(await lastUse()).toBe('2026-01-15T12:00:00.000Z');

    app.clock.advance(MINUTE - 1);
    await app.request(viewerQuery, {}, { token: secret });
    expect(await lastUse()).toBe('2026-01-15T12:00:00.000Z');

    app.clock.advance(1);
    await app.request(viewerQuery, {}, { token: secret });
    expect(await lastUse()).toBe('2026-01-15T12:01:00.000Z');
  });

  it('records the client address of the request over a real connection', async () => {
    const { createServer } = await import('node:http');
    const { app, id, secret } = await setUp();
    const server = createServer(app.yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify({ query: viewerQuery }),
      });
      expect(response.status).toBe(200);
    } finally {
      server.close();
    }
    await lastUseRecorder.flush();
    const row = await db.personalAccessToken.findUniqueOrThrow({ where: { id: localId(id) } });
    expect(row.lastUsedIp).toBe('127.0.0.1');
  });
});
