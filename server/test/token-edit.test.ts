import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { type Credentials, createTestApp, DAY, localId } from './support/app.js';

const updateMutation = `mutation ($id: ID!, $input: UpdateTokenInput!) {
  updateToken(id: $id, input: $input) {
    __typename
    ... on Error { message }
    ... on ValidationError { fieldErrors { path message } }
    ... on PermissionsNotAllowedError { permissions }
    ... on ExpiryTooLateError { latestExpiresAt }
    ... on UpdateTokenSuccess { token { name description permissions { name } expiresAt status } }
  }
}`;

const tokenQuery = `query ($id: ID!) {
  node(id: $id) { ... on PersonalAccessToken { name description permissions { name } expiresAt status } }
}`;

async function setUp() {
  const app = createTestApp();
  const person = await app.signUp();
  const session: Credentials = { cookie: person.cookie };
  const { id, secret } = await app.generateToken(session, {
    name: 'deploy bot',
    expiration: 'DAYS_90',
    permissions: ['profile:read', 'tokens:read', 'audit:read'],
  });
  return { app, person, session, id, secret };
}

async function updatedEvents(id: string) {
  const events = await db.auditEvent.findMany({
    where: { tokenId: localId(id), action: 'TOKEN_UPDATED' },
    orderBy: { id: 'asc' },
  });
  return events.map((event) => ({ tokenName: event.tokenName, changes: JSON.parse(event.changes ?? 'null') }));
}

describe('editing a token', () => {
  it('renames it, describes it, removes a permission and shortens its life, auditing each changed field', async () => {
    const { app, session, id } = await setUp();
    const result = await app.data(
      updateMutation,
      {
        id,
        input: {
          name: '  release bot ',
          description: 'Publishes releases from CI',
          permissions: ['profile:read', 'tokens:read'],
          expiration: 'DAYS_30',
        },
      },
      session,
    );
    expect(result.updateToken).toEqual({
      __typename: 'UpdateTokenSuccess',
      token: {
        name: 'release bot',
        description: 'Publishes releases from CI',
        permissions: [{ name: 'profile:read' }, { name: 'tokens:read' }],
        expiresAt: '2026-02-14T12:00:00.000Z',
        status: 'ACTIVE',
      },
    });
    expect((await app.data(tokenQuery, { id }, session)).node).toEqual(result.updateToken.token);
    expect(await updatedEvents(id)).toEqual([
      {
        tokenName: 'release bot',
        changes: [
          { field: 'name', before: 'deploy bot', after: 'release bot' },
          { field: 'description', before: null, after: 'Publishes releases from CI' },
          { field: 'permissions', before: 'audit:read profile:read tokens:read', after: 'profile:read tokens:read' },
          { field: 'expiresAt', before: '2026-04-15T12:00:00.000Z', after: '2026-02-14T12:00:00.000Z' },
        ],
      },
    ]);
    const audit = await app.data(
      `query ($id: ID!) { viewer { auditEvents(first: 1, tokenId: $id) { edges { node { action changes { field before after } } } } } }`,
      { id },
      session,
    );
    expect(audit.viewer.auditEvents.edges[0].node.action).toBe('TOKEN_UPDATED');
    expect(audit.viewer.auditEvents.edges[0].node.changes).toHaveLength(4);
  });

  it('changes only what is given, removes the description when it is empty, and records nothing for no change', async () => {
    const { app, session, id } = await setUp();
    await app.data(updateMutation, { id, input: { description: 'note' } }, session);
    const cleared = await app.data(updateMutation, { id, input: { description: '   ' } }, session);
    expect(cleared.updateToken.token).toMatchObject({ name: 'deploy bot', description: null });
    const same = await app.data(updateMutation, { id, input: { name: 'deploy bot', permissions: [] } }, session);
    expect(same.updateToken.__typename).toBe('ValidationError');
    const unchanged = await app.data(
      updateMutation,
      { id, input: { name: 'deploy bot', permissions: ['audit:read', 'profile:read', 'tokens:read'] } },
      session,
    );
    expect(unchanged.updateToken.__typename).toBe('UpdateTokenSuccess');
    expect((await updatedEvents(id)).map((event) => event.changes)).toEqual([
      [{ field: 'description', before: null, after: 'note' }],
      [{ field: 'description', before: 'note', after: null }],
    ]);
  });

  it('never adds a permission or extends the expiry, naming what it refused', async () => {
    const { app, session, id } = await setUp();
    const added = await app.data(
      updateMutation,
      { id, input: { permissions: ['profile:read', 'tokens:write'] } },
      session,
    );
    expect(added.updateToken).toEqual({
      __typename: 'PermissionsNotAllowedError',
      message: 'An edit can only remove permissions; generate a new token for tokens:write.',
      permissions: ['tokens:write'],
    });
    const extended = await app.data(updateMutation, { id, input: { expiration: 'YEAR_1' } }, session);
    expect(extended.updateToken).toEqual({
      __typename: 'ExpiryTooLateError',
      message: "An edit can only shorten a token's life: choose 2026-04-15T12:00:00.000Z or earlier.",
      latestExpiresAt: '2026-04-15T12:00:00.000Z',
    });
    const both = await app.data(
      updateMutation,
      { id, input: { expiration: 'DAYS_7', expiresAt: '2026-02-01T00:00:00.000Z' } },
      session,
    );
    expect(both.updateToken.__typename).toBe('ValidationError');
    expect(both.updateToken.fieldErrors[0].path).toEqual(['input', 'expiresAt']);
    expect((await app.data(tokenQuery, { id }, session)).node.permissions).toHaveLength(3);
    expect(await updatedEvents(id)).toEqual([]);
  });

  it('refuses a taken name, a bad description, and a token that is not yours', async () => {
    const { app, session, id } = await setUp();
    await app.generateToken(session, { name: 'Other' });
    const taken = await app.data(updateMutation, { id, input: { name: 'OTHER' } }, session);
    expect(taken.updateToken).toEqual({
      __typename: 'NameTakenError',
      message: 'You already have a token named "Other".',
    });
    const long = await app.data(updateMutation, { id, input: { description: 'x'.repeat(501) } }, session);
    expect(long.updateToken.fieldErrors).toEqual([
      { path: ['input', 'description'], message: 'Descriptions are at most 500 characters.' },
    ]);
    const bidi = await app.data(updateMutation, { id, input: { description: 'invoice\u202Efdp.exe' } }, session);
    expect(bidi.updateToken.__typename).toBe('ValidationError');
    const stranger = { cookie: (await app.signUp()).cookie };
    const foreign = await app.data(updateMutation, { id, input: { name: 'mine now' } }, stranger);
    expect(foreign.updateToken).toEqual({ __typename: 'NotFoundError', message: 'No token with that id exists.' });
  });

  it('holds from the next request on: a removed permission and an earlier expiry are not served from the cache', async () => {
    const { app, session, id, secret } = await setUp();
    const tokens = '{ viewer { tokens(first: 1) { totalCount } } }';
    expect((await app.request(tokens, {}, { token: secret })).body.data.viewer.tokens.totalCount).toBe(1);
    await app.data(updateMutation, { id, input: { permissions: ['profile:read'] } }, session);
    const refused = await app.request(tokens, {}, { token: secret });
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await app.request('{ viewer { email } }', {}, { token: secret })).status).toBe(200);
    await app.data(updateMutation, { id, input: { expiresAt: '2026-01-17T12:00:00.000Z' } }, session);
    app.clock.advance(2 * DAY);
    expect((await app.request('{ viewer { email } }', {}, { token: secret })).status).toBe(401);
  });

  it('lets a token edit only into what it could have minted', async () => {
    const { app, session, id } = await setUp();
    const { secret: parent } = await app.generateToken(session, {
      name: 'ci',
      expiration: 'DAYS_30',
      permissions: ['tokens:write', 'profile:read', 'tokens:read'],
    });
    const asParent = { token: parent };
    const beyond = await app.data(updateMutation, { id, input: { description: 'mine' } }, asParent);
    expect(beyond.updateToken).toMatchObject({ __typename: 'PermissionsNotAllowedError', permissions: ['audit:read'] });
    const later = await app.data(
      updateMutation,
      { id, input: { permissions: ['profile:read', 'tokens:read'] } },
      asParent,
    );
    expect(later.updateToken).toEqual({
      __typename: 'ExpiryTooLateError',
      message:
        'A token can only edit tokens that expire no later than itself: choose 2026-02-14T12:00:00.000Z or earlier.',
      latestExpiresAt: '2026-02-14T12:00:00.000Z',
    });
    const within = await app.data(
      updateMutation,
      { id, input: { permissions: ['profile:read'], expiration: 'DAYS_30', description: 'trimmed by CI' } },
      asParent,
    );
    expect(within.updateToken.token).toMatchObject({
      description: 'trimmed by CI',
      permissions: [{ name: 'profile:read' }],
    });
    const readOnly = await app.generateToken(session, { name: 'reader', permissions: ['tokens:read'] });
    const forbidden = await app.request(updateMutation, { id, input: { name: 'x' } }, { token: readOnly.secret });
    expect(forbidden.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});
