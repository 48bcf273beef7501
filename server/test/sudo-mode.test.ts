import { describe, expect, it } from 'vitest';
import { createTestApp, MINUTE, restoreMutation, revokeMutation } from './support/app.js';

const generate = `mutation ($input: GenerateTokenInput!) {
  generateToken(input: $input) { __typename ... on Error { message } }
}`;
const reauthenticate = `mutation ($password: String!) {
  reauthenticate(input: { password: $password }) { __typename ... on Error { message } }
}`;

async function setUp() {
  const app = createTestApp();
  const person = await app.signUp();
  const session = { cookie: person.cookie };
  const { id } = await app.generateToken(session, { name: 'revoked one', permissions: ['tokens:read'] });
  await app.data(revokeMutation, { id }, session);
  return { app, person, session, id };
}

const writeInput = { name: 'can write', expiration: 'DAYS_30', permissions: ['tokens:write'] };

describe('sudo mode', () => {
  it('lets a session restore tokens and generate writing tokens within 10 minutes of entering the password', async () => {
    const { app, session, id } = await setUp();
    app.clock.advance(10 * MINUTE);
    expect((await app.data(generate, { input: writeInput }, session)).generateToken.__typename).toBe(
      'GenerateTokenSuccess',
    );
    expect((await app.data(restoreMutation, { id }, session)).restoreToken.__typename).toBe('RestoreTokenSuccess');
  });

  it('asks for the password again after 10 minutes, and changes nothing meanwhile', async () => {
    const { app, session, id } = await setUp();
    app.clock.advance(10 * MINUTE + 1);
    const expected = {
      __typename: 'ReauthenticationRequiredError',
      message: 'Confirm your password to continue: this action needs a recent sign-in.',
    };
    expect((await app.data(generate, { input: writeInput }, session)).generateToken).toEqual(expected);
    expect((await app.data(restoreMutation, { id }, session)).restoreToken).toEqual(expected);
    const tokens = await app.data('{ viewer { tokens { totalCount edges { node { status } } } } }', {}, session);
    expect(tokens.viewer.tokens).toEqual({ totalCount: 1, edges: [{ node: { status: 'REVOKED' } }] });
  });

  it('does not ask for tokens without tokens:write, nor for revoking', async () => {
    const { app, session } = await setUp();
    app.clock.advance(60 * MINUTE);
    const readOnly = { name: 'read only', expiration: 'DAYS_30', permissions: ['tokens:read'] };
    expect((await app.data(generate, { input: readOnly }, session)).generateToken.__typename).toBe(
      'GenerateTokenSuccess',
    );
    const { id } = await app.generateToken(session, { name: 'another', permissions: ['profile:read'] });
    expect((await app.data(revokeMutation, { id }, session)).revokeToken.__typename).toBe('RevokeTokenSuccess');
  });

  it('opens again for 10 minutes once the password is confirmed', async () => {
    const { app, person, session, id } = await setUp();
    app.clock.advance(30 * MINUTE);
    expect((await app.data(reauthenticate, { password: 'wrong password' }, session)).reauthenticate).toEqual({
      __typename: 'InvalidCredentialsError',
      message: 'The email or password is incorrect.',
    });
    expect((await app.data(restoreMutation, { id }, session)).restoreToken.__typename).toBe(
      'ReauthenticationRequiredError',
    );
    expect((await app.data(reauthenticate, { password: person.password }, session)).reauthenticate.__typename).toBe(
      'ReauthenticateSuccess',
    );
    app.clock.advance(9 * MINUTE);
    expect((await app.data(restoreMutation, { id }, session)).restoreToken.__typename).toBe('RestoreTokenSuccess');
  });

  it('does not apply to tokens, which have no password to confirm', async () => {
    const { app, session, id } = await setUp();
    // Holding the revoked token's scope too: a token restores only tokens no more powerful than itself.
    const { secret } = await app.generateToken(session, {
      name: 'writer',
      permissions: ['tokens:read', 'tokens:write'],
    });
    app.clock.advance(60 * MINUTE);
    expect((await app.data(restoreMutation, { id }, { token: secret })).restoreToken.__typename).toBe(
      'RestoreTokenSuccess',
    );
    const response = await app.request(reauthenticate, { password: 'anything' }, { token: secret });
    expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});
