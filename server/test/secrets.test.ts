import { describe, expect, it } from 'vitest';
import { db, engine } from '../src/db.js';
import { createTestApp, deleteMutation, restoreMutation, revokeMutation } from './support/app.js';

async function allTableNames(): Promise<string[]> {
  const rows: { name: string }[] =
    engine === 'postgresql'
      ? await db.$queryRawUnsafe(
          "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public'",
        )
      : await db.$queryRawUnsafe("SELECT name FROM sqlite_master WHERE type = 'table'");
  return rows.map((row) => row.name);
}

const everythingAboutTokens = `query ($id: ID!) {
  viewer {
    id email createdAt
    currentToken { id name hint permissions { name } status createdAt expiresAt revokedAt lastUsedAt lastUsedIp }
    tokens(first: 100) { totalCount edges { cursor node { id name hint permissions { name } status createdAt expiresAt revokedAt revocationReason lastUsedAt lastUsedIp } } pageInfo { startCursor endCursor } }
    auditEvents(first: 100) { edges { cursor node { id action actorType actorId tokenId tokenName ip userAgent createdAt } } }
  }
  node(id: $id) { id ... on PersonalAccessToken { name hint } }
}`;

describe('a token secret', () => {
  it('is returned by generateToken and by no other response, query or error', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const session = { cookie: person.cookie };
    const { id, secret } = await app.generateToken(session, { name: 'the secret one' });
    const random = secret.slice('lkpat_'.length, -6);

    const responses = [
      await app.request(everythingAboutTokens, { id }, { token: secret }),
      await app.request(everythingAboutTokens, { id }, session),
      await app.request(revokeMutation, { id }, session),
      await app.request(everythingAboutTokens, { id }, { token: secret }),
      await app.request(restoreMutation, { id }, session),
      await app.request(deleteMutation, { id }, session),
      await app.request(
        `{ viewer { tokens { edges { node { name } } } } }`,
        {},
        { authorization: `Bearer ${secret}x` },
      ),
      await app.request(`{ nope }`, {}, { token: secret }),
      await app.request(
        `mutation { generateToken(input: { name: "${secret}", expiration: DAYS_30, permissions: [] }) { __typename } }`,
        {},
        session,
      ),
    ];
    for (const response of responses) {
      expect(response.text).not.toContain(random);
      expect(JSON.stringify([...response.headers])).not.toContain(random);
    }
  });

  it('is stored nowhere in the database, in any table or column', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const { id, secret } = await app.generateToken({ cookie: person.cookie }, { name: 'stored?' });
    await app.request('{ viewer { id } }', {}, { token: secret });
    await app.request(revokeMutation, { id }, { cookie: person.cookie });

    const tables = await allTableNames();
    expect(tables).toEqual(expect.arrayContaining(['User', 'Session', 'PersonalAccessToken', 'AuditEvent']));
    const rows = [];
    for (const table of tables) rows.push(await db.$queryRawUnsafe(`SELECT * FROM "${table}"`));
    const dump = JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
    expect(dump).toContain('stored?');
    expect(dump).not.toContain(secret.slice('lkpat_'.length, -6));
    expect(dump).not.toContain(secret.slice(-10));
  });
});
