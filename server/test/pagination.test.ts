import { describe, expect, it } from 'vitest';
import { createTestApp, DAY, revokeMutation } from './support/app.js';

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
});
