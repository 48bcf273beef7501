import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { createTestApp, localId } from './support/app.js';

const signUpMutation = `mutation ($input: SignUpInput!) {
  signUp(input: $input) {
    __typename
    ... on SignUpSuccess { user { id email } }
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
  }
}`;

const signInMutation = `mutation ($input: SignInInput!) {
  signIn(input: $input) { __typename ... on SignInSuccess { user { email } } ... on Error { message } }
}`;

describe('accounts and sessions', () => {
  it('normalises the email and signs the new account in', async () => {
    const app = createTestApp();
    const response = await app.request(signUpMutation, {
      input: { email: '  Ada@Example.COM ', password: 'correct horse battery' },
    });
    expect(response.body.data.signUp).toMatchObject({
      __typename: 'SignUpSuccess',
      user: { email: 'ada@example.com' },
    });
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    expect(await app.data('{ viewer { email } }', {}, { cookie })).toEqual({ viewer: { email: 'ada@example.com' } });
  });

  it('signs in instead when the email already has an account and the password is its password', async () => {
    const app = createTestApp();
    const person = await app.signUp('grace@example.com');
    const response = await app.request(signUpMutation, {
      input: { email: 'GRACE@example.com', password: person.password },
    });
    expect(response.body.data.signUp).toEqual({
      __typename: 'SignUpSuccess',
      user: { id: person.userId, email: 'grace@example.com' },
    });
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    expect(await app.data('{ viewer { id } }', {}, { cookie })).toEqual({ viewer: { id: person.userId } });
    expect(await db.user.count({ where: { email: 'grace@example.com' } })).toBe(1);
    const events = await db.auditEvent.findMany({ where: { userId: localId(person.userId) } });
    expect(events.map((event) => event.action)).toEqual(['SIGNED_IN']);
  });

  it('refuses sign-up with a taken email and another password without saying the email is taken', async () => {
    const app = createTestApp();
    const person = await app.signUp('hedy@example.com');
    const response = await app.request(signUpMutation, {
      input: { email: 'HEDY@example.com', password: 'another password' },
    });
    expect(response.body.data.signUp).toEqual({
      __typename: 'SignUpRefusedError',
      message: 'No account could be created with that email and password. If you already have one, sign in.',
    });
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await db.user.count({ where: { email: 'hedy@example.com' } })).toBe(1);
    // The password was checked, as a sign-in would: the same work as creating an account.
    const events = await db.auditEvent.findMany({ where: { userId: localId(person.userId) } });
    expect(events.map((event) => event.action)).toEqual(['SIGN_IN_FAILED']);
    expect(await app.data('{ viewer { id } }', {}, { cookie: person.cookie })).toEqual({
      viewer: { id: person.userId },
    });
  });

  it('refuses an email over 254 characters at sign-in and sign-up before any other work', async () => {
    const app = createTestApp();
    const email = `${'a'.repeat(243)}@example.com`;
    const counters = await db.rateLimitCounter.count();
    const events = await db.auditEvent.count();
    const signUp = await app.request(signUpMutation, { input: { email, password: 'correct horse battery' } });
    const signIn = await app.request(
      `mutation ($input: SignInInput!) {
        signIn(input: $input) { __typename ... on ValidationError { fieldErrors { path message } } }
      }`,
      { input: { email, password: 'correct horse battery' } },
    );
    const fieldError = { path: ['input', 'email'], message: 'Emails are at most 254 characters.' };
    expect(signUp.body.data.signUp).toMatchObject({ __typename: 'ValidationError', fieldErrors: [fieldError] });
    expect(signIn.body.data.signIn).toEqual({ __typename: 'ValidationError', fieldErrors: [fieldError] });
    expect(await db.rateLimitCounter.count()).toBe(counters);
    expect(await db.auditEvent.count()).toBe(events);
  });

  it.each([
    ['a password of 7 characters', 'someone@example.com', 'x'.repeat(7), ['input', 'password']],
    ['a password of 129 characters', 'someone@example.com', 'x'.repeat(129), ['input', 'password']],
    ['an invalid email', 'not an email', 'correct horse battery', ['input', 'email']],
  ])('rejects %s with a field error and creates nothing', async (_case, email, password, path) => {
    const app = createTestApp();
    const before = await db.user.count();
    const response = await app.request(signUpMutation, { input: { email, password } });
    expect(response.body.data.signUp.__typename).toBe('ValidationError');
    expect(response.body.data.signUp.fieldErrors.map((error: { path: string[] }) => error.path)).toEqual([path]);
    expect(await db.user.count()).toBe(before);
  });

  it('accepts passwords of exactly 8 and 128 characters', async () => {
    const app = createTestApp();
    for (const [index, password] of ['x'.repeat(8), 'y'.repeat(128)].entries()) {
      const response = await app.request(signUpMutation, { input: { email: `edge${index}@example.com`, password } });
      expect(response.body.data.signUp.__typename).toBe('SignUpSuccess');
    }
  });

  it('sets an HttpOnly, SameSite=Lax session cookie that is Secure except on plain-http localhost', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const localResponse = await app.request(signInMutation, {
      input: { email: person.email, password: person.password },
    });
    const localCookie = localResponse.headers.get('set-cookie') ?? '';
    expect(localCookie).toMatch(/^latchkey_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Expires=/);
    expect(localCookie).not.toContain('Secure');

    const remote = await app.yoga.fetch('https://latchkey.example.com/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: signInMutation,
        variables: { input: { email: person.email, password: person.password } },
      }),
    });
    expect(remote.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('stores only a digest of the session cookie', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const value = person.cookie.split('=')[1] as string;
    const sessions = await db.session.findMany({ where: { user: { email: person.email } } });
    expect(sessions).toHaveLength(1);
    expect(JSON.stringify(sessions)).not.toContain(value);
  });

  it('signs in with the right password, in any email case, and records it', async () => {
    const app = createTestApp();
    const person = await app.signUp('linus@example.com');
    const response = await app.request(signInMutation, {
      input: { email: ' LINUS@example.com', password: person.password },
    });
    expect(response.body.data.signIn).toEqual({ __typename: 'SignInSuccess', user: { email: 'linus@example.com' } });
    const events = await db.auditEvent.findMany({ where: { userId: localId(person.userId) } });
    expect(events.map((event) => [event.action, event.actorType])).toEqual([['SIGNED_IN', 'ANONYMOUS']]);
  });

  it('answers a wrong password and an unknown email identically, and records both failures', async () => {
    const app = createTestApp();
    const person = await app.signUp('margaret@example.com');
    const wrongPassword = await app.request(signInMutation, {
      input: { email: person.email, password: 'wrong password' },
    });
    const unknownEmail = await app.request(signInMutation, {
      input: { email: 'nobody@example.com', password: 'wrong password' },
    });
    expect(wrongPassword.text).toBe(unknownEmail.text);
    expect(wrongPassword.body.data.signIn).toEqual({
      __typename: 'InvalidCredentialsError',
      message: 'The email or password is incorrect.',
    });
    expect(wrongPassword.headers.get('set-cookie')).toBeNull();
    const failures = await db.auditEvent.findMany({
      where: { action: 'SIGN_IN_FAILED', OR: [{ userId: localId(person.userId) }, { userId: null }] },
      orderBy: { id: 'asc' },
    });
    expect(failures.map((event) => event.userId)).toEqual([localId(person.userId), null]);
  });

  it('signs out: the session is deleted and its cookie stops working', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const response = await app.request('mutation { signOut }', {}, { cookie: person.cookie });
    expect(response.body.data).toEqual({ signOut: true });
    expect(response.headers.get('set-cookie')).toMatch(
      /^latchkey_session=; Path=\/; HttpOnly; SameSite=Lax; Expires=Thu, 01 Jan 1970/,
    );
    expect(await app.data('{ viewer { id } }', {}, { cookie: person.cookie })).toEqual({ viewer: null });
  });

  it('treats an expired session as signed out', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    app.clock.advance(15 * 24 * 60 * 60 * 1000);
    expect(await app.data('{ viewer { id } }', {}, { cookie: person.cookie })).toEqual({ viewer: null });
  });

  it('shows no viewer to an anonymous request', async () => {
    const app = createTestApp();
    expect(await app.data('{ viewer { id } }')).toEqual({ viewer: null });
  });
});
