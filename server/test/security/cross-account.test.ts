import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/ids.js';
import {
  type Credentials,
  createTestApp,
  DAY,
  deleteMutation,
  localId,
  MINUTE,
  restoreMutation,
  revokeMutation,
  type TestApp,
} from '../support/app.js';
import { accountSnapshot, auditRows } from './support/account-state.js';

const everyScope = ['profile:read', 'tokens:read', 'tokens:write', 'audit:read'];

/**
 * A (alice) and B (bob), with tokens created in turns over time, so that any cursor or filter of A's that
 * leaked into B's queries would land among B's own items and show.
 */
async function twoAccounts() {
  const app = createTestApp();
  const alice = await app.signUp();
  const bob = await app.signUp();
  const aliceSession = { cookie: alice.cookie };
  const bobSession = { cookie: bob.cookie };
  await app.generateToken(bobSession, { name: 'bob oldest key' });
  const expired = await app.generateToken(aliceSession, { name: 'alice expired key' });
  app.clock.advance(31 * DAY);
  aliceSession.cookie = await app.signIn(alice);
  bobSession.cookie = await app.signIn(bob);
  await app.generateToken(bobSession, { name: 'bob older key' });
  app.clock.advance(MINUTE);
  const revoked = await app.generateToken(aliceSession, { name: 'alice revoked key' });
  await app.data(revokeMutation, { id: revoked.id }, aliceSession);
  app.clock.advance(MINUTE);
  await app.generateToken(bobSession, { name: 'bob newer key' });
  app.clock.advance(MINUTE);
  const active = await app.generateToken(aliceSession, { name: 'alice active key' });
  app.clock.advance(MINUTE);
  const bobEveryScope = await app.generateToken(bobSession, { name: 'bob every scope', permissions: everyScope });

  const aliceTokens = { active, revoked, expired };
  const statuses = await app.data(
    '{ viewer { tokens(first: 100) { edges { node { name status } } } } }',
    {},
    aliceSession,
  );
  expect(statuses.viewer.tokens.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
    { name: 'alice active key', status: 'ACTIVE' },
    { name: 'alice revoked key', status: 'REVOKED' },
    { name: 'alice expired key', status: 'EXPIRED' },
  ]);
  const aliceEvents = (await auditRows(localId(alice.userId))).map((event) => encodeGlobalID('AuditEvent', event.id));
  const snapshots = () => Promise.all([accountSnapshot(localId(alice.userId)), accountSnapshot(localId(bob.userId))]);
  return { app, alice, aliceSession, aliceTokens, aliceEvents, bobSession, bobEveryScope, snapshots };
}

type Accounts = Awaited<ReturnType<typeof twoAccounts>>;

const asBob = {
  'a session': (accounts: Accounts): Credentials => accounts.bobSession,
  'a bearer token with every scope': (accounts: Accounts): Credentials => ({ token: accounts.bobEveryScope.secret }),
};

/** A global id of the same type and length that names nothing. */
function missingLike(globalId: string): string {
  const decoded = Buffer.from(globalId, 'base64').toString();
  const typename = decoded.slice(0, decoded.indexOf(':'));
  return encodeGlobalID(typename, newId());
}

/** A cursor of the same form whose item does not exist: A's id inside it replaced by a fresh one. */
function missingCursorLike(cursor: string, ids: string[]): string {
  const decoded = Buffer.from(cursor, 'base64').toString();
  const id = ids.find((candidate) => decoded.includes(candidate));
  if (!id) throw new Error(`cursor ${decoded} holds none of the ids it was expected to hold`);
  return Buffer.from(decoded.replace(id, newId())).toString('base64');
}

/** Sends the same document twice, A's value against a missing one, and expects B to learn nothing from the difference. */
async function expectSameAsMissing(
  app: TestApp,
  credentials: Credentials,
  query: string,
  theirs: Record<string, unknown>,
  missing: Record<string, unknown>,
) {
  const forTheirs = await app.request(query, theirs, credentials);
  const forMissing = await app.request(query, missing, credentials);
  const label = `${query} with ${JSON.stringify(theirs)} against ${JSON.stringify(missing)}`;
  expect({ status: forTheirs.status, text: forTheirs.text }, label).toEqual({
    status: forMissing.status,
    text: forMissing.text,
  });
  return forTheirs.body;
}

const nodeQuery = `query ($id: ID!) {
  node(id: $id) {
    __typename id
    ... on PersonalAccessToken { name status hint permissions { name } revokedAt }
    ... on AuditEvent { action tokenId tokenName actorId ip }
    ... on User { email createdAt }
  }
}`;

describe("another account's tokens and audit events, tried by B", () => {
  describe.each(Object.keys(asBob) as (keyof typeof asBob)[])('through %s', (how) => {
    it.each(['active', 'revoked', 'expired'] as const)(
      "cannot revoke, restore or delete A's %s token: each answer is byte for byte a missing id's, and nothing changes",
      async (status) => {
        const accounts = await twoAccounts();
        const { app, aliceTokens, snapshots } = accounts;
        const credentials = asBob[how](accounts);
        const before = await snapshots();
        const id = aliceTokens[status].id;
        const notFound = { __typename: 'NotFoundError', message: 'No token with that id exists.' };
        for (const [mutation, field] of [
          [revokeMutation, 'revokeToken'],
          [restoreMutation, 'restoreToken'],
          [deleteMutation, 'deleteToken'],
        ] as const) {
          const answer = await expectSameAsMissing(app, credentials, mutation, { id }, { id: missingLike(id) });
          expect(answer).toEqual({ data: { [field]: notFound } });
        }
        expect(await snapshots()).toEqual(before);
      },
    );

    it("cannot revoke, restore or delete through the ids of A's audit events or account either", async () => {
      const accounts = await twoAccounts();
      const { app, alice, aliceEvents, snapshots } = accounts;
      const credentials = asBob[how](accounts);
      const before = await snapshots();
      for (const id of [alice.userId, ...aliceEvents]) {
        for (const mutation of [revokeMutation, restoreMutation, deleteMutation]) {
          await expectSameAsMissing(app, credentials, mutation, { id }, { id: missingLike(id) });
        }
      }
      expect(await snapshots()).toEqual(before);
    });

    it("cannot read A's tokens, audit events or account through node(id): each answer is a missing id's", async () => {
      const accounts = await twoAccounts();
      const { app, alice, aliceTokens, aliceEvents, snapshots } = accounts;
      const credentials = asBob[how](accounts);
      const before = await snapshots();
      const ids = [...Object.values(aliceTokens).map((token) => token.id), ...aliceEvents, alice.userId];
      expect(aliceEvents.length).toBeGreaterThanOrEqual(4);
      for (const id of ids) {
        const answer = await expectSameAsMissing(app, credentials, nodeQuery, { id }, { id: missingLike(id) });
        expect(answer, id).toEqual({ data: { node: null } });
      }
      expect(await snapshots()).toEqual(before);
    });

    it("finds nothing when searching for A's token names, exactly as for names nobody has", async () => {
      const accounts = await twoAccounts();
      const { app, aliceTokens, snapshots } = accounts;
      const credentials = asBob[how](accounts);
      const before = await snapshots();
      const search = `query ($search: String, $status: TokenStatus) {
        viewer { tokens(search: $search, status: $status, first: 100) { totalCount edges { cursor node { id name } } } }
      }`;
      for (const token of Object.values(aliceTokens)) {
        const name: string = token.token.name;
        const nobodys = `zq${newId()}`.slice(0, name.length);
        for (const text of [name, name.toUpperCase(), name.slice(0, 9)]) {
          for (const status of [undefined, 'ACTIVE', 'REVOKED', 'EXPIRED']) {
            const answer = await expectSameAsMissing(
              app,
              credentials,
              search,
              { search: text, status },
              { search: nobodys.slice(0, text.length), status },
            );
            expect(answer.data.viewer.tokens).toEqual({ totalCount: 0, edges: [] });
          }
        }
      }
      expect(await snapshots()).toEqual(before);
    });

    it("pages through its own lists with A's cursors exactly as with cursors of items that do not exist", async () => {
      const accounts = await twoAccounts();
      const { app, aliceSession, snapshots } = accounts;
      const credentials = asBob[how](accounts);
      const before = await snapshots();
      const alicePages = await app.data(
        `{ viewer {
          tokens(first: 100) { edges { cursor node { id } } pageInfo { startCursor endCursor } }
          auditEvents(first: 100) { edges { cursor node { id } } pageInfo { startCursor endCursor } }
        } }`,
        {},
        aliceSession,
      );
      const aliceIds = [...alicePages.viewer.tokens.edges, ...alicePages.viewer.auditEvents.edges].map(
        (edge: { node: { id: string } }) => localId(edge.node.id),
      );
      const cursors: string[] = [alicePages.viewer.tokens, alicePages.viewer.auditEvents].flatMap((page) => [
        ...page.edges.map((edge: { cursor: string }) => edge.cursor),
        page.pageInfo.startCursor,
        page.pageInfo.endCursor,
      ]);
      expect(cursors.length).toBeGreaterThanOrEqual(10);
      const fields = 'edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
      const lists = [
        `query ($cursor: String) { viewer { tokens(first: 10, after: $cursor) { totalCount ${fields} } } }`,
        `query ($cursor: String) { viewer { tokens(last: 10, before: $cursor) { totalCount ${fields} } } }`,
        `query ($cursor: String) { viewer { auditEvents(first: 10, after: $cursor) { ${fields} } } }`,
        `query ($cursor: String) { viewer { auditEvents(last: 10, before: $cursor) { ${fields} } } }`,
      ];
      for (const cursor of cursors) {
        for (const list of lists) {
          const answer = await expectSameAsMissing(
            app,
            credentials,
            list,
            { cursor },
            { cursor: missingCursorLike(cursor, aliceIds) },
          );
          expect(answer.errors, JSON.stringify(answer)).toBeUndefined();
        }
      }
      expect(await snapshots()).toEqual(before);
    });

    it("sees no audit events when filtering by A's token ids, exactly as for token ids that do not exist", async () => {
      const accounts = await twoAccounts();
      const { app, aliceTokens, snapshots } = accounts;
      const credentials = asBob[how](accounts);
      const before = await snapshots();
      const query = `query ($tokenId: ID) {
        viewer { auditEvents(tokenId: $tokenId, first: 100) { edges { cursor node { id action tokenName } } } }
      }`;
      for (const token of Object.values(aliceTokens)) {
        const answer = await expectSameAsMissing(
          app,
          credentials,
          query,
          { tokenId: token.id },
          { tokenId: missingLike(token.id) },
        );
        expect(answer).toEqual({ data: { viewer: { auditEvents: { edges: [] } } } });
      }
      expect(await snapshots()).toEqual(before);
    });
  });
});
