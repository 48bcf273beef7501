import { describe, expect, it } from 'vitest';
import { allScopes, type Scope } from '../src/tokens/scopes.js';
import { createTestApp, type TestApp } from './support/app.js';

interface Operation {
  name: string;
  requires: Scope[] | 'any token';
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
    run: (app, c) => app.request('{ viewer { currentToken { name scopes } } }', {}, c),
  },
  { name: 'scopes', requires: 'any token', run: (app, c) => app.request('{ scopes { name } }', {}, c) },
  { name: 'viewer.email', requires: ['PROFILE_READ'], run: (app, c) => app.request('{ viewer { email } }', {}, c) },
  {
    name: 'viewer.tokens',
    requires: ['TOKENS_READ'],
    run: (app, c) => app.request('{ viewer { tokens { totalCount } } }', {}, c),
  },
  {
    name: 'node(token)',
    requires: ['TOKENS_READ', 'TOKENS_WRITE'],
    run: (app, c, f) =>
      app.request('query ($id: ID!) { node(id: $id) { ... on PersonalAccessToken { name } } }', { id: f.tokenId }, c),
  },
  {
    name: 'viewer.auditEvents',
    requires: ['AUDIT_READ'],
    run: (app, c) => app.request('{ viewer { auditEvents { edges { node { action } } } } }', {}, c),
  },
  {
    name: 'generateToken',
    requires: ['TOKENS_WRITE'],
    run: (app, c) =>
      app.request(
        'mutation ($input: GenerateTokenInput!) { generateToken(input: $input) { __typename } }',
        { input: { name: `minted ${Math.random()}`, expiration: 'DAYS_30', scopes: ['TOKENS_WRITE'] } },
        c,
      ),
  },
  {
    name: 'revokeToken',
    requires: ['TOKENS_WRITE'],
    run: (app, c, f) =>
      app.request('mutation ($id: ID!) { revokeToken(id: $id) { __typename } }', { id: f.tokenId }, c),
  },
  {
    name: 'restoreToken',
    requires: ['TOKENS_WRITE'],
    run: (app, c, f) =>
      app.request('mutation ($id: ID!) { restoreToken(id: $id) { __typename } }', { id: f.tokenId }, c),
  },
  {
    name: 'deleteToken',
    requires: ['TOKENS_WRITE'],
    run: (app, c, f) =>
      app.request('mutation ($id: ID!) { deleteToken(id: $id) { __typename } }', { id: f.tokenId }, c),
  },
];

describe('scopes', () => {
  describe.each(allScopes)('a token holding only %s', (scope) => {
    it.each(operations)('is allowed $name exactly when the operation accepts that scope', async (operation) => {
      const app = createTestApp();
      const person = await app.signUp();
      const target = await app.generateToken({ cookie: person.cookie }, { name: 'target' });
      const caller = await app.generateToken({ cookie: person.cookie }, { name: 'caller', scopes: [scope] });
      const response = await operation.run(
        app,
        { token: caller.secret },
        { tokenId: target.id, auditEventTokenId: target.id },
      );
      const allowed = operation.requires === 'any token' || operation.requires.includes(scope);
      if (allowed) {
        expect(response.body.errors, response.text).toBeUndefined();
      } else {
        const requiredScopes = operation.requires as Scope[];
        expect(response.body.errors).toHaveLength(1);
        expect(response.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN', requiredScopes });
        expect(response.body.errors[0].message).toMatch(
          /^This requires a token with the [a-z:]+( or [a-z:]+)? scope\.$/,
        );
      }
    });
  });

  it.each(operations.filter((operation) => operation.name !== 'scopes'))(
    'shows $name nothing of anyone to an unauthenticated request',
    async (operation) => {
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
    },
  );

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

  it('lets a token mint only tokens with a subset of its scopes', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const minter = await app.generateToken({ cookie: person.cookie }, { scopes: ['TOKENS_WRITE', 'TOKENS_READ'] });
    const widened = await app.data(
      'mutation ($input: GenerateTokenInput!) { generateToken(input: $input) { __typename ... on ValidationError { fieldErrors { path message } } } }',
      { input: { name: 'wider', expiration: 'DAYS_30', scopes: ['TOKENS_READ', 'AUDIT_READ'] } },
      { token: minter.secret },
    );
    expect(widened.generateToken).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'scopes'], message: 'A token can only grant scopes it holds itself.' }],
    });
    const narrower = await app.generateToken({ token: minter.secret }, { name: 'narrower', scopes: ['TOKENS_READ'] });
    expect(narrower.token.scopes).toEqual(['TOKENS_READ']);
  });

  it('lets a token mint only tokens that expire no later than itself', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const minter = await app.generateToken(
      { cookie: person.cookie },
      { scopes: ['TOKENS_WRITE'], expiration: 'DAYS_60' },
    );
    const longer = await app.data(
      'mutation ($input: GenerateTokenInput!) { generateToken(input: $input) { __typename ... on ValidationError { fieldErrors { path } } } }',
      { input: { name: 'longer', expiration: 'DAYS_90', scopes: ['TOKENS_WRITE'] } },
      { token: minter.secret },
    );
    expect(longer.generateToken).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'expiration'] }],
    });
    const same = await app.generateToken(
      { token: minter.secret },
      { name: 'same', scopes: ['TOKENS_WRITE'], expiration: 'DAYS_60' },
    );
    expect(same.token.expiresAt).toBe(minter.token.expiresAt);
  });

  it('publishes the scope catalogue to anyone', async () => {
    const app = createTestApp();
    expect(await app.data('{ scopes { scope name description } }')).toEqual({
      scopes: [
        { scope: 'PROFILE_READ', name: 'profile:read', description: "Read your account's email address." },
        { scope: 'TOKENS_READ', name: 'tokens:read', description: 'List and read your personal access tokens.' },
        {
          scope: 'TOKENS_WRITE',
          name: 'tokens:write',
          description: 'Generate, revoke, restore and delete your personal access tokens.',
        },
        { scope: 'AUDIT_READ', name: 'audit:read', description: "Read your account's audit log." },
      ],
    });
  });
});
