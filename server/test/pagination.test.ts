import Database from 'better-sqlite3';
import type { GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { sqliteFileFromUrl } from '../src/database/sqlite-file.js';
import { schema } from '../src/schema/index.js';
import { lastUseRecorder } from '../src/tokens/last-use.js';
import { createTestApp, DAY, revokeMutation } from './support/app.js';
import { testDatabaseUrl, testEngine } from './support/database.js';

const page = `query ($first: Int, $after: String, $last: Int, $before: String, $status: TokenStatus, $search: String) {
  viewer {
    tokens(first: $first, after: $after, last: $last, before: $before, status: $status, search: $search) {
      totalCount
      edges { node { name status } }
      pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    }
  }
}`;

async function withTokens(count: number) {
  const app = createTestApp();
  const person = await app.signUp();
  const session = { cookie: person.cookie };
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    ids.push((await app.generateToken(session, { name: `token ${String(index).padStart(3, '0')}` })).id);
  }
  return { app, session, ids };
}

describe('listing tokens', () => {
  it('lists newest first, 20 to a page by default, and pages to the end with cursors', async () => {
    const { app, session } = await withTokens(25);
    const first = await app.data(page, {}, session);
    expect(first.viewer.tokens.totalCount).toBe(25);
    expect(first.viewer.tokens.edges).toHaveLength(20);
    expect(first.viewer.tokens.edges[0].node.name).toBe('token 024');
    expect(first.viewer.tokens.pageInfo.hasNextPage).toBe(true);
    const second = await app.data(page, { first: 20, after: first.viewer.tokens.pageInfo.endCursor }, session);
    expect(second.viewer.tokens.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual([
      'token 004',
      'token 003',
      'token 002',
      'token 001',
      'token 000',
    ]);
    expect(second.viewer.tokens.pageInfo.hasNextPage).toBe(false);
  });

  it('pages backwards with last and before', async () => {
    const { app, session } = await withTokens(5);
    const all = await app.data(page, { first: 5 }, session);
    const before = all.viewer.tokens.pageInfo.endCursor;
    const previous = await app.data(page, { last: 2, before }, session);
    expect(previous.viewer.tokens.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual([
      'token 002',
      'token 001',
    ]);
  });

  it.each([
    ['first', 101],
    ['last', 101],
  ])('refuses %s: %i with a clear error', async (argument, value) => {
    const { app, session } = await withTokens(1);
    const response = await app.request(page, { [argument]: value }, session);
    expect(response.body.errors[0]).toMatchObject({
      message: `\`${argument}\` must be between 0 and 100.`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it.each(['first', 'last'])('refuses a negative %s with the same clear error', async (argument) => {
    const { app, session } = await withTokens(1);
    const response = await app.request(page, { [argument]: -1 }, session);
    expect(response.body.errors[0]).toMatchObject({
      message: `\`${argument}\` must be between 0 and 100.`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('accepts first: 100', async () => {
    const { app, session } = await withTokens(1);
    expect((await app.data(page, { first: 100 }, session)).viewer.tokens.totalCount).toBe(1);
  });

  it('filters by ACTIVE, REVOKED and EXPIRED and reports matching totals', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const session = { cookie: person.cookie };
    await app.generateToken(session, { name: 'short', expiration: 'DAYS_30' });
    const revoked = await app.generateToken(session, { name: 'revoked', expiration: 'YEAR_1' });
    await app.generateToken(session, { name: 'active', expiration: 'YEAR_1' });
    await app.data(revokeMutation, { id: revoked.id }, session);
    app.clock.advance(30 * DAY);
    session.cookie = await app.signIn(person);
    const list = async (status: string) => {
      const result = await app.data(page, { status }, session);
      return [
        result.viewer.tokens.totalCount,
        result.viewer.tokens.edges.map((edge: { node: { name: string } }) => edge.node.name),
      ];
    };
    expect(await list('ACTIVE')).toEqual([1, ['active']]);
    expect(await list('REVOKED')).toEqual([1, ['revoked']]);
    expect(await list('EXPIRED')).toEqual([1, ['short']]);
  });

  it('searches names case-insensitively, combined with a status filter', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const session = { cookie: person.cookie };
    await app.generateToken(session, { name: 'Deploy Production' });
    const staging = await app.generateToken(session, { name: 'deploy staging' });
    await app.generateToken(session, { name: 'laptop' });
    await app.data(revokeMutation, { id: staging.id }, session);
    const names = async (variables: Record<string, unknown>) =>
      (await app.data(page, variables, session)).viewer.tokens.edges.map(
        (edge: { node: { name: string } }) => edge.node.name,
      );
    expect(await names({ search: 'DEPLOY' })).toEqual(['deploy staging', 'Deploy Production']);
    expect(await names({ search: 'deploy', status: 'ACTIVE' })).toEqual(['Deploy Production']);
    expect(await names({ search: '  ' })).toHaveLength(3);
    expect(await names({ search: 'nothing like it' })).toEqual([]);
  });

  it('treats % and _ in a search as plain characters', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const session = { cookie: person.cookie };
    for (const name of ['100% coverage', 'snake_case', 'plain']) await app.generateToken(session, { name });
    const names = async (search: string) =>
      (await app.data(page, { search }, session)).viewer.tokens.edges.map(
        (edge: { node: { name: string } }) => edge.node.name,
      );
    expect(await names('%')).toEqual(['100% coverage']);
    expect(await names('_')).toEqual(['snake_case']);
    expect(await names('\\')).toEqual([]);
  });

  it('answers every token field the same whether it is selected alone, with all others, or in fragments', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const session = { cookie: person.cookie };
    const used = await app.generateToken(session, {
      name: 'used',
      permissions: ['profile:read'],
      expiration: 'YEAR_1',
    });
    await app.data('{ viewer { id } }', {}, { token: used.secret });
    await lastUseRecorder.flush();
    const revoked = await app.generateToken(session, { name: 'revoked', expiration: 'YEAR_1' });
    await app.data(revokeMutation, { id: revoked.id }, session);
    await app.generateToken(session, { name: 'short-lived', expiration: 'DAYS_30' });
    app.clock.advance(31 * DAY);
    const later = { cookie: await app.signIn(person) };

    const tokenType = schema.getType('PersonalAccessToken') as GraphQLObjectType;
    // Every field of the type, with every field of an object-typed one.
    const objectSelections: Record<string, string> = {
      permissions: 'permissions { name description serviceId removed implies }',
      rateLimit: 'rateLimit { requests windowSeconds }',
      quota: 'quota { uses refill remaining refillsAt }',
      activity:
        'activity(days: 2) { days { day requests counts { service operation requests } } addresses { address } }',
    };
    const selectionOf = (name: string) => objectSelections[name] ?? name;
    const fieldNames = Object.keys(tokenType.getFields());
    const list = (nodeSelection: string, fragments = '') =>
      app.data(`{ viewer { tokens(first: 10) { edges { node { ${nodeSelection} } } } } } ${fragments}`, {}, later);
    const everything = (await list(fieldNames.map(selectionOf).join(' '))).viewer.tokens.edges;
    expect(everything.map((edge: { node: { status: string } }) => edge.node.status).sort()).toEqual([
      'ACTIVE',
      'EXPIRED',
      'REVOKED',
    ]);
    for (const field of fieldNames) {
      const expected = everything.map((edge: { node: Record<string, unknown> }) => ({ [field]: edge.node[field] }));
      const alone = (await list(selectionOf(field))).viewer.tokens.edges.map((edge: { node: unknown }) => edge.node);
      expect(alone, field).toEqual(expected);
      const inline = await list(`... on PersonalAccessToken { ${selectionOf(field)} }`);
      expect(
        inline.viewer.tokens.edges.map((edge: { node: unknown }) => edge.node),
        field,
      ).toEqual(expected);
      const named = await list('...Picked', `fragment Picked on PersonalAccessToken { ${selectionOf(field)} }`);
      expect(
        named.viewer.tokens.edges.map((edge: { node: unknown }) => edge.node),
        field,
      ).toEqual(expected);
    }
  });

  it('answers the same list asked again with every change made in between', async () => {
    const { app, session, ids } = await withTokens(2);
    const list = async () =>
      (await app.data('{ viewer { tokens { totalCount edges { node { name status } } } } }', {}, session)).viewer
        .tokens;
    expect((await list()).edges).toEqual([
      { node: { name: 'token 001', status: 'ACTIVE' } },
      { node: { name: 'token 000', status: 'ACTIVE' } },
    ]);
    await app.data(revokeMutation, { id: ids[0] }, session);
    expect((await list()).edges[1]).toEqual({ node: { name: 'token 000', status: 'REVOKED' } });
    await app.generateToken(session, { name: 'token 002' });
    expect(await list()).toMatchObject({ totalCount: 3, edges: [{ node: { name: 'token 002' } }, {}, {}] });
  });

  it.runIf(testEngine === 'sqlite')('sees a change committed by another process to the SQLite file', async () => {
    const { app, session } = await withTokens(1);
    const names = async () =>
      (await app.data('{ viewer { tokens { edges { node { name } } } } }', {}, session)).viewer.tokens.edges.map(
        (edge: { node: { name: string } }) => edge.node.name,
      );
    expect(await names()).toEqual(['token 000']);
    // A connection of its own, as another process (the CLI's migrations, a second server) would hold.
    const other = new Database(sqliteFileFromUrl(testDatabaseUrl));
    try {
      other.prepare(`UPDATE "PersonalAccessToken" SET "name" = 'renamed elsewhere'`).run();
    } finally {
      other.close();
    }
    expect(await names()).toEqual(['renamed elsewhere']);
  });
});
