import { describe, expect, it } from 'vitest';
import { generateTokenSecret } from '../src/tokens/format.js';
import { createTestApp, DAY, MINUTE, TestClock } from './support/app.js';

const signIn = `mutation ($input: SignInInput!) {
  signIn(input: $input) { __typename ... on RateLimitedError { retryAfterSeconds } ... on Error { message } }
}`;
const signUp = `mutation ($input: SignUpInput!) {
  signUp(input: $input) { __typename ... on RateLimitedError { retryAfterSeconds } }
}`;

let windowsUsed = 0;

/** Each test counts in windows of its own (a clock days apart), so tests in this file never share a counter. */
function appWith(rateLimits: Record<string, number>) {
  windowsUsed++;
  return createTestApp({
    clock: new TestClock(new Date(Date.UTC(2027, 0, 1) + windowsUsed * DAY)),
    rateLimits: {
      signInFailuresPerAccount: 1000,
      signInFailuresPerIp: 1000,
      signUpsPerIp: 1000,
      invalidTokensPerIp: 1000,
      ...rateLimits,
    },
  });
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
      message: 'Too many attempts. Try again in 900 seconds.',
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
    expect(response.status).toBe(429);
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
});
