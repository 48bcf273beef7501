import { describe, expect, it } from 'vitest';
import { signInFailure, validateSignIn } from './sign-in';

describe('validateSignIn', () => {
  it('asks for both fields before anything is sent', () => {
    expect(validateSignIn({ email: '  ', password: '' })).toEqual({
      email: 'Enter your email address.',
      password: 'Enter your password.',
    });
    expect(validateSignIn({ email: 'ada@example.com', password: 'x' })).toEqual({});
  });
});

describe('signInFailure', () => {
  it("shows the API's message for wrong credentials", () => {
    const wrong = { __typename: 'InvalidCredentialsError' as const, message: 'The email or password is incorrect.' };
    expect(signInFailure(wrong)).toBe('The email or password is incorrect.');
  });

  it("shows a locked account the administrator's reason", () => {
    const locked = {
      __typename: 'AccountLockedError' as const,
      message: 'An administrator locked this account: Left the company.',
    };
    expect(signInFailure(locked)).toBe('An administrator locked this account: Left the company.');
  });

  it('says how long to wait, from the typed answer or from a refusal the server-side call reported', () => {
    expect(signInFailure({ __typename: 'RateLimitedError', retryAfterSeconds: 597, message: '' })).toBe(
      'Too many attempts. Try again in 10 minutes.',
    );
    expect(signInFailure(null, { errors: [{ message: 'Slow down.' }], status: 429 })).toBe(
      'Too many attempts. Try again in 1 minute.',
    );
  });

  it('blames the connection when the API could not answer', () => {
    expect(signInFailure(null, { errors: [{ message: 'unreachable' }], status: 503 })).toBe(
      'Signing in failed. Check your connection and try again.',
    );
  });
});
