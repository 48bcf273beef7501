import { describe, expect, it } from 'vitest';
import { signUpFailure, validateSignUp } from './sign-up';

describe('validateSignUp', () => {
  it('checks the email shape and the password length before anything is sent', () => {
    expect(validateSignUp({ email: '', password: 'short' })).toEqual({
      email: 'Enter your email address.',
      password: 'Use at least 8 characters.',
    });
    expect(validateSignUp({ email: 'ada', password: 'long enough' })).toEqual({
      email: 'Enter an email address like name@example.com.',
    });
    expect(validateSignUp({ email: ' ada@example.com ', password: 'long enough' })).toEqual({});
  });
});

describe('signUpFailure', () => {
  it("puts the API's field errors beside their fields", () => {
    const refused = {
      __typename: 'ValidationError' as const,
      message: 'Invalid input.',
      fieldErrors: [{ path: ['input', 'email'], message: 'Emails are at most 254 characters.' }],
    };
    expect(signUpFailure(refused)).toEqual({ email: 'Emails are at most 254 characters.' });
  });

  it('shows a refusal about no field above the form', () => {
    const taken = {
      __typename: 'SignUpRefusedError' as const,
      message: 'No account could be created with that email and password. If you already have one, sign in.',
    };
    expect(signUpFailure(taken)).toEqual({ form: taken.message });
    expect(signUpFailure({ __typename: 'RateLimitedError', retryAfterSeconds: 30, message: '' })).toEqual({
      form: 'Too many attempts. Try again in 30 seconds.',
    });
    expect(signUpFailure(null, { errors: [], status: 503 })).toEqual({
      form: 'Creating the account failed. Check your connection and try again.',
    });
  });
});
