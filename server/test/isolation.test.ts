import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { createTestApp, deleteMutation, localId, restoreMutation, revokeMutation } from './support/app.js';

async function twoPeople() {
  const app = createTestApp();
  const alice = await app.signUp();
  const bob = await app.signUp();
  const aliceToken = await app.generateToken({ cookie: alice.cookie }, { name: 'alice deploy' });
  const aliceRevoked = await app.generateToken({ cookie: alice.cookie }, { name: 'alice old' });
  await app.data(revokeMutation, { id: aliceRevoked.id }, { cookie: alice.cookie });
  const bobToken = await app.generateToken({ cookie: bob.cookie }, { name: 'bob all scopes' });
  const snapshot = () =>
    db.personalAccessToken.findMany({ where: { userId: localId(alice.userId) }, orderBy: { id: 'asc' } });
  return { app, alice, bob, aliceToken, aliceRevoked, bobToken, snapshot };
}

const missingTokenId = Buffer.from('PersonalAccessToken:0000000000000000000000000000').toString('base64');

describe("another person's tokens", () => {
  it.each([
    ['session', false],
    ['bearer token', true],
  ])('cannot be read through node(id), exactly like a missing one (%s)', async (_how, useToken) => {
    const { app, bob, aliceToken, bobToken } = await twoPeople();
    const credentials = useToken ? { token: bobToken.secret } : { cookie: bob.cookie };
    const query = 'query ($id: ID!) { node(id: $id) { id ... on PersonalAccessToken { name } } }';
    const theirs = await app.request(query, { id: aliceToken.id }, credentials);
    const missing = await app.request(query, { id: missingTokenId }, credentials);
    expect(theirs.body).toEqual({ data: { node: null } });
    expect(theirs.text).toBe(missing.text);
  });

  it("cannot be reached through node(id) of the other person's account", async () => {
    const { app, alice, bob } = await twoPeople();
    const result = await app.data(
      'query ($id: ID!) { node(id: $id) { id } }',
      { id: alice.userId },
      { cookie: bob.cookie },
    );
    expect(result).toEqual({ node: null });
  });

  it('never appear in lists, searches or audit logs', async () => {
    const { app, bob, aliceToken } = await twoPeople();
    const result = await app.data(
      `query ($tokenId: ID) {
        viewer {
          all: tokens(first: 100) { totalCount edges { node { name } } }
          search: tokens(search: "alice") { totalCount }
          revoked: tokens(status: REVOKED) { totalCount }
          auditEvents(first: 100, tokenId: $tokenId) { edges { node { tokenName } } }
        }
      }`,
      { tokenId: aliceToken.id },
      { cookie: bob.cookie },
    );
    expect(result.viewer).toEqual({
      all: { totalCount: 1, edges: [{ node: { name: 'bob all scopes' } }] },
      search: { totalCount: 0 },
      revoked: { totalCount: 0 },
      auditEvents: { edges: [] },
    });
  });

  it("cannot be paged into with the other person's cursors", async () => {
    const { app, alice, bob } = await twoPeople();
    const alicePage = await app.data(
      '{ viewer { tokens(first: 1) { pageInfo { endCursor } } } }',
      {},
      { cookie: alice.cookie },
    );
    const cursor = alicePage.viewer.tokens.pageInfo.endCursor;
    const bobPage = await app.data(
      'query ($after: String) { viewer { tokens(first: 10, after: $after) { edges { node { name } } } } }',
      { after: cursor },
      { cookie: bob.cookie },
    );
    expect(JSON.stringify(bobPage)).not.toContain('alice');
  });

  it.each([
    ['revoke', revokeMutation, 'revokeToken', 'aliceToken'],
    ['restore', restoreMutation, 'restoreToken', 'aliceRevoked'],
    ['delete', deleteMutation, 'deleteToken', 'aliceRevoked'],
  ] as const)(
    'cannot be changed: %s answers NotFoundError and changes nothing',
    async (_name, mutation, field, which) => {
      const setup = await twoPeople();
      const { app, bob, bobToken, snapshot } = setup;
      const before = await snapshot();
      for (const credentials of [{ cookie: bob.cookie }, { token: bobToken.secret }]) {
        const theirs = await app.request(mutation, { id: setup[which].id }, credentials);
        const missing = await app.request(mutation, { id: missingTokenId }, credentials);
        expect(theirs.body.data[field]).toEqual({
          __typename: 'NotFoundError',
          message: 'No token with that id exists.',
        });
        expect(theirs.text).toBe(missing.text);
      }
      expect(await snapshot()).toEqual(before);
    },
  );
});
