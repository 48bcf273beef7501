import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import {
  type RateLimitRule,
  type RateLimits,
  rateLimitCounterKey,
  rateLimitRules,
  windowOf,
} from '../src/security/rate-limits.js';
import { generateTokenSecret } from '../src/tokens/format.js';
import { createTestApp, DAY, MINUTE, TestClock } from './support/app.js';

const signIn = `mutation ($input: SignInInput!) {
  signIn(input: $input) { __typename ... on RateLimitedError { retryAfterSeconds } ... on Error { message } }
}`;
const signUp = `mutation ($input: SignUpInput!) {
  signUp(input: $input) { __typename ... on RateLimitedError { retryAfterSeconds } }
}`;
const changePassword = `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { __typename } }`;
const reauthenticate = `mutation ($password: String!) { reauthenticate(input: { password: $password }) { __typename } }`;

let windowsUsed = 0;

/** Each test counts in windows of its own (a clock days apart), so tests in this file never share a counter. */
function appWith(rateLimits: Partial<RateLimits>) {
  windowsUsed++;
  const limits: RateLimits = {
    signInFailuresPerAccount: 1000,
    signInFailuresPerIp: 1000,
    signUpsPerIp: 1000,
    invalidTokensPerIp: 1000,
    signInsPerAccount: 1000,
    signInsPerIp: 1000,
    passwordConfirmationFailuresPerSession: 1000,
    ...rateLimits,
  };
  const clock = new TestClock(new Date(Date.UTC(2027, 0, 1) + windowsUsed * DAY));
  return { ...createTestApp({ clock, rateLimits: limits }), rules: rateLimitRules(limits) };
}

describe('rate limits', () => {
  it('refuse sign-in to an account after too many failures, even with the right password, with 429 and Retry-After', async () => {
    const app = appWith({ signInFailuresPerAccount: 3 });
    const person = await app.signUp();
    for (let i = 0; i < 3; i++) {
      const attempt = await app.request(signIn, { input: { email: person.email, password: `wrong ${i}` } });
      expect(attempt.body.data.signIn.__typename).toBe('InvalidCredentialsError');
      expect(attempt.status).toBe(200);
    }
    const blocked = await app.request(signIn, {
      input: { email: person.email.toUpperCase(), password: person.password },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('900');
    expect(blocked.body.data.signIn).toEqual({
      __typename: 'RateLimitedError',
      retryAfterSeconds: 900,
      message: 'Too many attempts. Try again in 15 minutes.',
    });
    app.clock.advance(15 * MINUTE);
    expect(
      (await app.request(signIn, { input: { email: person.email, password: person.password } })).body.data.signIn
        .__typename,
    ).toBe('SignInSuccess');
  });

  it('count only failures: successful sign-ins do not use up the allowance', async () => {
    const app = appWith({ signInFailuresPerAccount: 2 });
    const person = await app.signUp();
    for (let i = 0; i < 5; i++) {
      const attempt = await app.request(signIn, { input: { email: person.email, password: person.password } });
      expect(attempt.body.data.signIn.__typename).toBe('SignInSuccess');
    }
  });

  it('count every aliased attempt in one document individually', async () => {
    const app = appWith({ signInFailuresPerAccount: 3 });
    const person = await app.signUp();
    const aliases = Array.from(
      { length: 5 },
      (_, i) => `a${i}: signIn(input: { email: "${person.email}", password: "guess ${i}" }) { __typename }`,
    ).join('\n');
    const response = await app.request(`mutation { ${aliases} }`);
    const outcomes = Object.values(response.body.data).map((result) => (result as { __typename: string }).__typename);
    expect(outcomes).toEqual([
      'InvalidCredentialsError',
      'InvalidCredentialsError',
      'InvalidCredentialsError',
      'RateLimitedError',
      'RateLimitedError',
    ]);
    // The three that were not refused answered: a 200, with a RateLimitedError for each refused alias.
    expect(response.status).toBe(200);
  });

  it('limit failed sign-ins per address across accounts', async () => {
    const app = appWith({ signInFailuresPerIp: 2 });
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(
        (await app.request(signIn, { input: { email: `nobody${i}@example.com`, password: 'guess' } })).body.data.signIn,
      );
    }
    expect(results.map((result) => result.__typename)).toEqual([
      'InvalidCredentialsError',
      'InvalidCredentialsError',
      'RateLimitedError',
    ]);
  });

  it('limit sign-ups per address', async () => {
    const app = appWith({ signUpsPerIp: 2 });
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      const response = await app.request(signUp, {
        input: { email: `new${i}-${Math.random()}@example.com`, password: 'long enough' },
      });
      outcomes.push([response.status, response.body.data.signUp.__typename]);
    }
    expect(outcomes).toEqual([
      [200, 'SignUpSuccess'],
      [200, 'SignUpSuccess'],
      [429, 'RateLimitedError'],
    ]);
  });

  it('limit invalid bearer tokens per address with 429, while valid tokens keep working', async () => {
    const app = appWith({ invalidTokensPerIp: 2 });
    const person = await app.signUp();
    const { secret } = await app.generateToken({ cookie: person.cookie });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await app.request('{ viewer { id } }', {}, { token: generateTokenSecret() })).status);
    expect(statuses).toEqual([401, 401, 429]);
    const limited = await app.request('{ viewer { id } }', {}, { token: 'lkpat_garbage' });
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await app.request('{ viewer { id } }', {}, { token: secret })).status).toBe(200);
  });

  it("never refuse the owner's session the right password because strangers failed to sign in to the account", async () => {
    const app = appWith({ signInFailuresPerAccount: 3, signInFailuresPerIp: 3 });
    const person = await app.signUp();
    for (let i = 0; i < 11; i++)
      await app.request(signIn, { input: { email: person.email, password: `stranger's guess ${i}` } });
    const session = { cookie: person.cookie };
    const confirmed = await app.request(reauthenticate, { password: person.password }, session);
    expect([confirmed.status, confirmed.body.data.reauthenticate.__typename]).toEqual([200, 'ReauthenticateSuccess']);
    const changed = await app.request(
      changePassword,
      { input: { currentPassword: person.password, newPassword: 'a thief-proof password' } },
      session,
    );
    expect([changed.status, changed.body.data.changePassword.__typename]).toEqual([200, 'ChangePasswordSuccess']);
  });

  it("limit wrong passwords per session, without refusing the owner's other sessions", async () => {
    const app = appWith({ passwordConfirmationFailuresPerSession: 2 });
    const person = await app.signUp();
    const thief = { cookie: await app.signIn(person) };
    const outcomes = [];
    for (let i = 0; i < 3; i++)
      outcomes.push((await app.request(reauthenticate, { password: `guess ${i}` }, thief)).body.data.reauthenticate);
    expect(outcomes.map((outcome) => outcome.__typename)).toEqual([
      'InvalidCredentialsError',
      'InvalidCredentialsError',
      'RateLimitedError',
    ]);
    const owner = await app.request(reauthenticate, { password: person.password }, { cookie: person.cookie });
    expect(owner.body.data.reauthenticate.__typename).toBe('ReauthenticateSuccess');
    const anonymous = await app.request(signIn, { input: { email: person.email, password: person.password } });
    expect(anonymous.body.data.signIn.__typename).toBe('SignInSuccess');
  });

  it('limit successful sign-ins per account, each of which costs a full password hash', async () => {
    const app = appWith({ signInsPerAccount: 3 });
    // Creating the account signs it in: the first of three.
    const person = await app.signUp();
    const outcomes = [];
    for (let i = 0; i < 3; i++)
      outcomes.push((await app.request(signIn, { input: { email: person.email, password: person.password } })).status);
    expect(outcomes).toEqual([200, 200, 429]);
    const other = await app.signUp();
    expect(
      (await app.request(signIn, { input: { email: other.email, password: other.password } })).body.data.signIn
        .__typename,
    ).toBe('SignInSuccess');
  });

  it('limit successful sign-ins per address across accounts', async () => {
    const setUp = appWith({});
    const people = [await setUp.signUp(), await setUp.signUp(), await setUp.signUp()];
    const app = appWith({ signInsPerIp: 2 });
    const outcomes = [];
    for (const person of people)
      outcomes.push(
        (await app.request(signIn, { input: { email: person.email, password: person.password } })).body.data.signIn
          .__typename,
      );
    expect(outcomes).toEqual(['SignInSuccess', 'SignInSuccess', 'RateLimitedError']);
  });

  it('count sign-ups with a taken email and a wrong password as failed sign-ins to that account', async () => {
    const app = appWith({ signInFailuresPerAccount: 2 });
    const person = await app.signUp();
    const outcomes = [];
    for (let i = 0; i < 3; i++)
      outcomes.push(
        (await app.request(signUp, { input: { email: person.email, password: `guess number ${i}` } })).body.data.signUp
          .__typename,
      );
    expect(outcomes).toEqual(['SignUpRefusedError', 'SignUpRefusedError', 'RateLimitedError']);
  });

  it('key counters by a fixed-size digest of who they count, never the raw email', async () => {
    const app = appWith({});
    const email = `${'long'.repeat(60)}@example.com`;
    await app.request(signIn, { input: { email, password: 'guess' } });
    const keys = (await db.rateLimitCounter.findMany({ select: { key: true } })).map((row) => row.key);
    expect(keys).toContain(rateLimitCounterKey(app.rules.signInFailuresPerAccount, email));
    for (const key of keys) {
      expect(key).toMatch(/^[a-z-]+:[a-z-]+:[A-Za-z0-9_-]{43}$/);
      expect(key).not.toContain('example');
    }
  });

  it('stop writing the counters of an address that is already refused', async () => {
    const app = appWith({ signInFailuresPerIp: 2 });
    for (let i = 0; i < 6; i++)
      await app.request(signIn, { input: { email: `stranger${i}-${windowsUsed}@example.com`, password: 'guess' } });
    expect(await countersInWindow(app, app.rules.signInFailuresPerIp)).toEqual([3]);
    expect(await countersInWindow(app, app.rules.signInFailuresPerAccount)).toEqual([1, 1]);
  });
});

/** The counts this app's rule holds in its current window. */
async function countersInWindow(app: { clock: TestClock }, rule: RateLimitRule): Promise<number[]> {
  const rows = await db.rateLimitCounter.findMany({
    where: { key: { startsWith: `${rule.name}:` }, window: windowOf(rule, app.clock.now()).window },
  });
  return rows.map((row) => row.count);
}
