import { describe, expect, it } from 'vitest';
import { createTestApp, restoreMutation, revokeMutation } from './support/app.js';

const auditLog = `query ($first: Int, $after: String, $tokenId: ID, $action: [AuditAction!]) {
  viewer {
    auditEvents(first: $first, after: $after, tokenId: $tokenId, action: $action) {
      edges { node { action tokenName } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

/** An account with two tokens, one revoked and restored, and a failed sign-in. */
async function setUp() {
  const app = createTestApp();
  const person = await app.signUp();
  const session = { cookie: person.cookie };
  const deploy = await app.generateToken(session, { name: 'deploy' });
  await app.generateToken(session, { name: 'laptop' });
  await app.data(revokeMutation, { id: deploy.id }, session);
  await app.data(restoreMutation, { id: deploy.id }, session);
  await app.request(`mutation ($input: SignInInput!) { signIn(input: $input) { __typename } }`, {
    input: { email: person.email, password: 'not the password' },
  });
  async function events(variables: Record<string, unknown>) {
    const result = await app.data(auditLog, { first: 100, ...variables }, session);
    return result.viewer.auditEvents.edges.map((edge: { node: { action: string; tokenName: string | null } }) =>
      [edge.node.action, edge.node.tokenName].filter(Boolean).join(' '),
    );
  }
  return { app, session, deploy, events };
}

describe('filtering the audit log by action', () => {
  it('lists only events with one of the given actions, newest first', async () => {
    const { events } = await setUp();
    expect(await events({ action: ['TOKEN_REVOKED', 'TOKEN_GENERATED'] })).toEqual([
      'TOKEN_REVOKED deploy',
      'TOKEN_GENERATED laptop',
      'TOKEN_GENERATED deploy',
    ]);
    expect(await events({ action: ['SIGN_IN_FAILED'] })).toEqual(['SIGN_IN_FAILED']);
  });

  it('lists every action when the filter is left out or null', async () => {
    const { events } = await setUp();
    const everything = [
      'SIGN_IN_FAILED',
      'TOKEN_RESTORED deploy',
      'TOKEN_REVOKED deploy',
      'TOKEN_GENERATED laptop',
      'TOKEN_GENERATED deploy',
    ];
    expect(await events({})).toEqual(everything);
    expect(await events({ action: null })).toEqual(everything);
  });

  it('matches nothing for an empty list', async () => {
    const { events } = await setUp();
    expect(await events({ action: [] })).toEqual([]);
  });

  it('combines with the token filter', async () => {
    const { events, deploy } = await setUp();
    expect(await events({ tokenId: deploy.id, action: ['TOKEN_GENERATED', 'TOKEN_RESTORED'] })).toEqual([
      'TOKEN_RESTORED deploy',
      'TOKEN_GENERATED deploy',
    ]);
  });

  it('pages through the filtered events with cursors', async () => {
    const { app, session } = await setUp();
    const variables = { first: 1, action: ['TOKEN_GENERATED'] };
    const first = (await app.data(auditLog, variables, session)).viewer.auditEvents;
    expect(first.edges.map((edge: { node: { tokenName: string } }) => edge.node.tokenName)).toEqual(['laptop']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await app.data(auditLog, { ...variables, after: first.pageInfo.endCursor }, session)).viewer
      .auditEvents;
    expect(second.edges.map((edge: { node: { tokenName: string } }) => edge.node.tokenName)).toEqual(['deploy']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses an action that does not exist', async () => {
    const { app, session } = await setUp();
    const response = await app.request(auditLog, { action: ['TOKEN_STOLEN'] }, session);
    expect(response.body.errors[0].message).toMatch(/TOKEN_STOLEN/);
    expect(response.body.data).toBeUndefined();
  });
});
