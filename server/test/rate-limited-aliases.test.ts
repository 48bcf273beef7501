import { describe, expect, it } from 'vitest';
import { createTestApp, DAY } from './support/app.js';

const signUp = (alias: string, email: string) =>
  `${alias}: signUp(input: { email: "${email}", password: "correct horse battery" }) {
    __typename ... on RateLimitedError { retryAfterSeconds }
  }`;

// Sign-ups are counted per address (here unknown, so shared by the file); each app counts in a window of its own.
function appLimitedToOneSignUp(daysAhead: number) {
  const app = createTestApp({ rateLimits: { signUpsPerIp: 1 } });
  app.clock.advance(daysAhead * DAY);
  return app;
}

describe('a rate-limited alias', () => {
  it('does not make the response 429 when other fields succeeded: they keep their data, it gets a RateLimitedError', async () => {
    const app = appLimitedToOneSignUp(300);
    const response = await app.request(
      `mutation { ${signUp('first', 'first@example.com')} ${signUp('second', 'second@example.com')} }`,
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(response.body.data.first).toEqual({ __typename: 'SignUpSuccess' });
    expect(response.body.data.second).toEqual({
      __typename: 'RateLimitedError',
      retryAfterSeconds: expect.any(Number),
    });
  });

  it('makes the response 429 with Retry-After when every field was refused', async () => {
    const app = appLimitedToOneSignUp(600);
    await app.request(`mutation { ${signUp('first', 'third@example.com')} }`);
    const response = await app.request(
      `mutation { ${signUp('a', 'fourth@example.com')} ...more } fragment more on Mutation { ${signUp('b', 'fifth@example.com')} }`,
    );

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect([response.body.data.a.__typename, response.body.data.b.__typename]).toEqual([
      'RateLimitedError',
      'RateLimitedError',
    ]);
  });
});
