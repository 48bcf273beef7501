import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { createTestApp, localId } from './support/app.js';

const changePassword = `mutation ($input: ChangePasswordInput!) {
  changePassword(input: $input) {
    __typename
    ... on ChangePasswordSuccess { signedOutSessionCount revokedTokenCount }
    ... on ValidationError { fieldErrors { path } }
    ... on Error { message }
  }
}`;

async function setUp() {
  const app = createTestApp();
  const person = await app.signUp();
  const otherSession = { cookie: await app.signIn(person) };
  const session = { cookie: person.cookie };
  const token = await app.generateToken(session, { name: 'ci', permissions: ['profile:read'] });
  return { app, person, session, otherSession, token };
}

describe('changing the password', () => {
  it('needs the current password and changes nothing without it', async () => {
    const { app, person, session, otherSession } = await setUp();
    const result = await app.data(
      changePassword,
      { input: { currentPassword: 'not it', newPassword: 'a brand new password' } },
      session,
    );
    expect(result.changePassword.__typename).toBe('InvalidCredentialsError');
    expect((await app.data('{ viewer { id } }', {}, otherSession)).viewer).not.toBeNull();
    await app.signIn(person);
  });

  it('rejects a too-short new password with a field error', async () => {
    const { app, person, session } = await setUp();
    const result = await app.data(
      changePassword,
      { input: { currentPassword: person.password, newPassword: 'short' } },
      session,
    );
    expect(result.changePassword).toEqual({
      __typename: 'ValidationError',
      message: 'Passwords are at least 8 characters.',
      fieldErrors: [{ path: ['input', 'newPassword'] }],
    });
  });

  it('refuses the current password as the new one, even written in another Unicode form', async () => {
    const { app, session } = await setUp();
    const person = await app.signUp(undefined, 'ﬁre and ice cream');
    const result = await app.data(
      changePassword,
      { input: { currentPassword: person.password, newPassword: 'fire and ice cream' } },
      { cookie: person.cookie },
    );
    expect(result.changePassword).toEqual({
      __typename: 'ValidationError',
      message: 'Choose a new password, not the current one.',
      fieldErrors: [{ path: ['input', 'newPassword'] }],
    });
    expect(await db.auditEvent.count({ where: { userId: localId(person.userId), action: 'PASSWORD_CHANGED' } })).toBe(
      0,
    );
    expect((await app.data('{ viewer { id } }', {}, session)).viewer).not.toBeNull();
  });

  it('signs out every other session, keeps this one, and keeps tokens unless asked', async () => {
    const { app, person, session, otherSession, token } = await setUp();
    const result = await app.data(
      changePassword,
      { input: { currentPassword: person.password, newPassword: 'a brand new password' } },
      session,
    );
    expect(result.changePassword).toEqual({
      __typename: 'ChangePasswordSuccess',
      signedOutSessionCount: 1,
      revokedTokenCount: 0,
    });
    expect((await app.data('{ viewer { id } }', {}, otherSession)).viewer).toBeNull();
    expect((await app.data('{ viewer { id } }', {}, session)).viewer).not.toBeNull();
    expect((await app.request('{ viewer { id } }', {}, { token: token.secret })).status).toBe(200);
    await app.signIn({ email: person.email, password: 'a brand new password' });
    const old = await app.request('mutation ($input: SignInInput!) { signIn(input: $input) { __typename } }', {
      input: { email: person.email, password: person.password },
    });
    expect(old.body.data.signIn.__typename).toBe('InvalidCredentialsError');
  });

  it('revokes every active token when asked, with an audit event each', async () => {
    const { app, person, session, token } = await setUp();
    const result = await app.data(
      changePassword,
      { input: { currentPassword: person.password, newPassword: 'a brand new password', revokeAllTokens: true } },
      session,
    );
    expect(result.changePassword.revokedTokenCount).toBe(1);
    expect((await app.request('{ viewer { id } }', {}, { token: token.secret })).status).toBe(401);
    const events = await db.auditEvent.findMany({ where: { userId: localId(person.userId) }, orderBy: { id: 'asc' } });
    expect(events.map((event) => event.action).slice(-2)).toEqual(['TOKEN_REVOKED', 'PASSWORD_CHANGED']);
  });

  it('is for sessions only', async () => {
    const { app, token } = await setUp();
    const response = await app.request(
      changePassword,
      { input: { currentPassword: 'x', newPassword: 'a brand new password' } },
      { token: token.secret },
    );
    expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});
