import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { isAdministrativePermission, type LatchkeyPermission, latchkeyPermissions } from '../src/tokens/permissions.js';
import { createTestApp, localId, type TestApp } from './support/app.js';

interface Operation {
  name: string;
  requires: LatchkeyPermission[] | 'any token';
  run: (app: TestApp, credentials: { token: string }, fixture: Fixture) => ReturnType<TestApp['request']>;
}

interface Fixture {
  tokenId: string;
  auditEventTokenId: string;
}

const operations: Operation[] = [
  { name: 'viewer.id', requires: 'any token', run: (app, c) => app.request('{ viewer { id createdAt } }', {}, c) },
  {
    name: 'viewer.currentToken',
    requires: 'any token',
    run: (app, c) => app.request('{ viewer { currentToken { name permissions { name } } } }', {}, c),
  },
  { name: 'services', requires: 'any token', run: (app, c) => app.request('{ services { id } }', {}, c) },
  { name: 'viewer.email', requires: ['profile:read'], run: (app, c) => app.request('{ viewer { email } }', {}, c) },
  {
    name: 'viewer.tokens',
    requires: ['tokens:read'],
    run: (app, c) => app.request('{ viewer { tokens { totalCount } } }', {}, c),
  },
  {
    name: 'node(token)',
    requires: ['tokens:read', 'tokens:write'],
    run: (app, c, f) =>
      app.request('query ($id: ID!) { node(id: $id) { ... on PersonalAccessToken { name } } }', { id: f.tokenId }, c),
  },
  {
    name: 'viewer.auditEvents',
    requires: ['audit:read'],
    run: (app, c) => app.request('{ viewer { auditEvents { edges { node { action } } } } }', {}, c),
  },
  {
    name: 'generateToken',
    requires: ['tokens:write'],
    run: (app, c) =>
      app.request(
        'mutation ($input: GenerateTokenInput!) { generateToken(input: $input) { __typename } }',
        { input: { name: `minted ${Math.random()}`, expiration: 'DAYS_30', permissions: ['tokens:write'] } },
        c,
      ),
  },
  {
    name: 'revokeToken',
    requires: ['tokens:write'],
    run: (app, c, f) =>
      app.request('mutation ($id: ID!) { revokeToken(id: $id) { __typename } }', { id: f.tokenId }, c),
  },
  {
    name: 'restoreToken',
    requires: ['tokens:write'],
    run: (app, c, f) =>
      app.request('mutation ($id: ID!) { restoreToken(id: $id) { __typename } }', { id: f.tokenId }, c),
  },
  {
    name: 'deleteToken',
    requires: ['tokens:write'],
    run: (app, c, f) =>
      app.request('mutation ($id: ID!) { deleteToken(id: $id) { __typename } }', { id: f.tokenId }, c),
  },
];

// Latchkey's own permissions, and one of an operator's service, which opens nothing in Latchkey. The
// administrative ones have their own matrix (admin-permissions-matrix.test.ts): only an administrator holds them.
const heldAlone = [
  ...(Object.keys(latchkeyPermissions) as LatchkeyPermission[]).filter((name) => !isAdministrativePermission(name)),
  'reports:read',
];

describe('permissions', () => {
  describe.each(heldAlone)('a token holding only %s', (permission) => {
    it.each(operations)('is allowed $name exactly when the operation accepts that permission', async (operation) => {
      const app = createTestApp();
      const person = await app.signUp();
      const target = await app.generateToken({ cookie: person.cookie }, { name: 'target' });
      const caller = await app.generateToken({ cookie: person.cookie }, { name: 'caller', permissions: [permission] });
      const response = await operation.run(
        app,
        { token: caller.secret },
        { tokenId: target.id, auditEventTokenId: target.id },
      );
      const allowed = operation.requires === 'any token' || (operation.requires as string[]).includes(permission);
      if (allowed) {
        expect(response.body.errors, response.text).toBeUndefined();
      } else {
        const requiredPermissions = operation.requires as LatchkeyPermission[];
        expect(response.body.errors).toHaveLength(1);
        expect(response.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN', requiredPermissions });
        expect(response.body.errors[0].message).toMatch(
          /^This requires a token with the [a-z:]+( or [a-z:]+)? permission\.$/,
        );
      }
    });
  });

  it.each(operations)('shows $name nothing of anyone to an unauthenticated request', async (operation) => {
    const app = createTestApp();
    const person = await app.signUp();
    const target = await app.generateToken({ cookie: person.cookie });
    const anonymous = {} as { token: string };
    const response = await operation.run(app, anonymous, { tokenId: target.id, auditEventTokenId: target.id });
    if (operation.name.startsWith('viewer.')) expect(response.body).toEqual({ data: { viewer: null } });
    else if (operation.name === 'node(token)') expect(response.body).toEqual({ data: { node: null } });
    else expect(response.body.errors[0].extensions, response.text).toEqual({ code: 'UNAUTHENTICATED' });
    const check = 'query ($id: ID!) { node(id: $id) { ... on PersonalAccessToken { status } } }';
    expect(await app.data(check, { id: target.id }, { cookie: person.cookie })).toEqual({
      node: { status: 'ACTIVE' },
    });
  });

  it('lets a session do everything', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const target = await app.generateToken({ cookie: person.cookie });
    for (const operation of operations) {
      const response = await operation.run(app, { cookie: person.cookie } as unknown as { token: string }, {
        tokenId: target.id,
        auditEventTokenId: target.id,
      });
      expect(response.body.errors, `${operation.name}: ${response.text}`).toBeUndefined();
    }
  });

  it('lets a token mint only tokens with a subset of what its permissions grant', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const minter = await app.generateToken(
      { cookie: person.cookie },
      { permissions: ['tokens:write', 'tokens:read', 'reports:write'] },
    );
    const widened = await app.data(
      'mutation ($input: GenerateTokenInput!) { generateToken(input: $input) { __typename ... on ValidationError { fieldErrors { path message } } } }',
      { input: { name: 'wider', expiration: 'DAYS_30', permissions: ['tokens:read', 'audit:read'] } },
      { token: minter.secret },
    );
    expect(widened.generateToken).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'permissions'], message: 'A token can only grant permissions it holds itself.' }],
    });
    // reports:write implies reports:read, so a holder of the first may pass on the second.
    const narrower = await app.generateToken(
      { token: minter.secret },
      { name: 'narrower', permissions: ['tokens:read', 'reports:read'] },
    );
    expect(narrower.token.permissions).toEqual([{ name: 'reports:read' }, { name: 'tokens:read' }]);
  });

  it('lets a token mint only tokens that expire no later than itself', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const minter = await app.generateToken(
      { cookie: person.cookie },
      { permissions: ['tokens:write'], expiration: 'DAYS_60' },
    );
    const longer = await app.data(
      'mutation ($input: GenerateTokenInput!) { generateToken(input: $input) { __typename ... on ExpiryTooLateError { latestExpiresAt } } }',
      { input: { name: 'longer', expiration: 'DAYS_90', permissions: ['tokens:write'] } },
      { token: minter.secret },
    );
    expect(longer.generateToken).toEqual({
      __typename: 'ExpiryTooLateError',
      latestExpiresAt: minter.token.expiresAt,
    });
    const same = await app.generateToken(
      { token: minter.secret },
      { name: 'same', permissions: ['tokens:write'], expiration: 'DAYS_60' },
    );
    expect(same.token.expiresAt).toBe(minter.token.expiresAt);
  });

  it('shows a permission removed from the catalogue as removed, and lets it grant nothing', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const held = await app.generateToken({ cookie: person.cookie }, { name: 'held', permissions: ['tokens:read'] });
    // As if the operator had since dropped the `archive` service from the catalogue.
    await db.personalAccessToken.update({
      where: { id: localId(held.id) },
      data: { permissions: 'archive:read tokens:read' },
    });
    const { node } = await app.data(
      'query ($id: ID!) { node(id: $id) { ... on PersonalAccessToken { permissions { name serviceId removed } } } }',
      { id: held.id },
      { cookie: person.cookie },
    );
    expect(node.permissions).toEqual([
      { name: 'archive:read', serviceId: 'archive', removed: true },
      { name: 'tokens:read', serviceId: 'latchkey', removed: false },
    ]);
    const listed = await app.request('{ viewer { tokens { totalCount } } }', {}, { token: held.secret });
    expect(listed.body.errors, listed.text).toBeUndefined();
    const minted = await app.request(
      'mutation ($input: GenerateTokenInput!) { generateToken(input: $input) { __typename } }',
      { input: { name: 'archive', expiration: 'DAYS_30', permissions: ['archive:read'] } },
      { cookie: person.cookie },
    );
    expect(minted.body.data.generateToken.__typename).toBe('ValidationError');
  });
});
