import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { createTestApp, localId } from './support/app.js';

const generate = `mutation ($input: GenerateTokenInput!) {
  generateToken(input: $input) {
    __typename
    ... on Error { message }
    ... on ValidationError { fieldErrors { path message } }
    ... on TokenLimitError { limit }
    ... on GenerateTokenSuccess { token { name } }
  }
}`;

async function setUp(tokenLimitPerUser?: number) {
  const app = createTestApp(tokenLimitPerUser ? { tokenLimitPerUser } : {});
  const person = await app.signUp();
  const session = { cookie: person.cookie };
  const tokenCount = () => db.personalAccessToken.count({ where: { userId: localId(person.userId) } });
  const attempt = (input: Record<string, unknown>) =>
    app.request(
      generate,
      { input: { name: 'valid', expiration: 'DAYS_30', permissions: ['tokens:read'], ...input } },
      session,
    );
  return { app, session, tokenCount, attempt };
}

describe('generating a token with bad input', () => {
  it.each([
    ['an empty name', '', 'Give the token a name.'],
    ['a blank name', '   \t ', 'Give the token a name.'],
    ['a 101-character name', 'x'.repeat(101), 'Names are at most 100 characters.'],
    ['a name with a line break', 'two\nlines', 'Names cannot contain control characters.'],
  ])('refuses %s with a field error and creates nothing', async (_case, name, message) => {
    const { attempt, tokenCount } = await setUp();
    const response = await attempt({ name });
    expect(response.body.data.generateToken).toEqual({
      __typename: 'ValidationError',
      message,
      fieldErrors: [{ path: ['input', 'name'], message }],
    });
    expect(await tokenCount()).toBe(0);
  });

  it('accepts a name of exactly 100 characters, trimmed', async () => {
    const { attempt } = await setUp();
    const name = 'é'.repeat(100);
    const response = await attempt({ name: `  ${name}  ` });
    expect(response.body.data.generateToken).toEqual({ __typename: 'GenerateTokenSuccess', token: { name } });
  });

  it('refuses an empty permission list with a field error', async () => {
    const { attempt, tokenCount } = await setUp();
    const response = await attempt({ permissions: [] });
    expect(response.body.data.generateToken).toEqual({
      __typename: 'ValidationError',
      message: 'Choose at least one permission.',
      fieldErrors: [{ path: ['input', 'permissions'], message: 'Choose at least one permission.' }],
    });
    expect(await tokenCount()).toBe(0);
  });

  it('refuses a permission the catalogue does not have, naming it, and creates nothing', async () => {
    const { attempt, tokenCount } = await setUp();
    const response = await attempt({ permissions: ['tokens:read', 'admin:everything'] });
    expect(response.body.data.generateToken).toEqual({
      __typename: 'ValidationError',
      message: "admin:everything is not a permission of this server's catalogue.",
      fieldErrors: [
        {
          path: ['input', 'permissions', '1'],
          message: "admin:everything is not a permission of this server's catalogue.",
        },
      ],
    });
    expect(await tokenCount()).toBe(0);
  });

  it.each([
    [
      'an expiry that is not a preset',
      { expiration: 'NEVER' },
      'Value "NEVER" does not exist in "TokenExpiration" enum.',
    ],
  ])('refuses %s with a typed GraphQL error', async (_case, input, message) => {
    const { attempt, tokenCount } = await setUp();
    const response = await attempt(input);
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors[0].message).toContain(message);
    expect(response.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await tokenCount()).toBe(0);
  });

  it('refuses a name already used by another of your tokens, in any case', async () => {
    const { attempt, tokenCount } = await setUp();
    await attempt({ name: 'Deploy' });
    const response = await attempt({ name: ' deploy ' });
    expect(response.body.data.generateToken).toEqual({
      __typename: 'NameTakenError',
      message: 'You already have a token named "Deploy".',
    });
    expect(await tokenCount()).toBe(1);
  });

  it('frees a name once its token is deleted', async () => {
    const { app, session, attempt } = await setUp();
    const first = await app.generateToken(session, { name: 'reused' });
    await app.data('mutation ($id: ID!) { revokeToken(id: $id) { __typename } }', { id: first.id }, session);
    await app.data('mutation ($id: ID!) { deleteToken(id: $id) { __typename } }', { id: first.id }, session);
    expect((await attempt({ name: 'reused' })).body.data.generateToken.__typename).toBe('GenerateTokenSuccess');
  });

  it('lets two people use the same name', async () => {
    const { app, attempt } = await setUp();
    await attempt({ name: 'shared name' });
    const other = await app.signUp();
    const theirs = await app.generateToken({ cookie: other.cookie }, { name: 'shared name' });
    expect(theirs.token.name).toBe('shared name');
  });

  it('refuses a token beyond the per-person limit, counting revoked ones, even when requests race', async () => {
    const { app, session, attempt, tokenCount } = await setUp(3);
    const first = await app.generateToken(session, { name: 'first' });
    await app.data('mutation ($id: ID!) { revokeToken(id: $id) { __typename } }', { id: first.id }, session);
    const racing = await Promise.all(Array.from({ length: 6 }, (_, index) => attempt({ name: `racer ${index}` })));
    const outcomes = racing.map((response) => response.body.data.generateToken.__typename);
    expect(outcomes.filter((outcome) => outcome === 'GenerateTokenSuccess')).toHaveLength(2);
    expect(racing.map((response) => response.body.data.generateToken).find((result) => result.limit)).toEqual({
      __typename: 'TokenLimitError',
      message: 'You have reached the limit of 3 tokens. Delete tokens you no longer need.',
      limit: 3,
    });
    expect(await tokenCount()).toBe(3);
  });

  it('uses a limit of 100 tokens by default', async () => {
    const { config } = await import('../src/config.js');
    expect(config.tokenLimitPerUser).toBe(100);
  });
});
