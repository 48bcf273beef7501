import { CombinedError } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { changeSummary, outcomeOf } from './password-form';

describe('changeSummary', () => {
  it('counts the sessions signed out and the tokens revoked', () => {
    expect(changeSummary({ signedOutSessionCount: 2, revokedTokenCount: 3 }, true)).toBe(
      'Password changed. 2 other sessions were signed out; 3 tokens were revoked.',
    );
    expect(changeSummary({ signedOutSessionCount: 1, revokedTokenCount: 1 }, true)).toBe(
      'Password changed. 1 other session was signed out; 1 token was revoked.',
    );
    expect(changeSummary({ signedOutSessionCount: 0, revokedTokenCount: 0 }, true)).toBe(
      'Password changed. No other session was signed in; you had no active tokens to revoke.',
    );
  });

  it('says the tokens keep working when they were not revoked', () => {
    expect(changeSummary({ signedOutSessionCount: 1, revokedTokenCount: 0 }, false)).toBe(
      'Password changed. 1 other session was signed out. Your tokens keep working.',
    );
  });
});

describe('outcomeOf', () => {
  const refused = (changePassword: object) => outcomeOf({ data: { changePassword } as never }, false);

  it('puts the validation error on ["input", "newPassword"] beside the new password', () => {
    expect(
      refused({
        __typename: 'ValidationError',
        message: 'Passwords are at least 8 characters.',
        fieldErrors: [{ path: ['input', 'newPassword'], message: 'Passwords are at least 8 characters.' }],
      }),
    ).toEqual({ errors: { newPassword: 'Passwords are at least 8 characters.' } });
  });

  it('puts a wrong current password beside the current password, in words about this form', () => {
    expect(refused({ __typename: 'InvalidCredentialsError', message: 'The email or password is incorrect.' })).toEqual({
      errors: { currentPassword: 'Your current password is incorrect.' },
    });
  });

  it('says how long to wait when rate limited, from the typed error', () => {
    expect(refused({ __typename: 'RateLimitedError', message: 'Too many attempts.', retryAfterSeconds: 840 })).toEqual({
      errors: { form: 'Too many attempts with a wrong password. Try again in 14 minutes.' },
    });
  });

  it('says how long the busy server asks to wait, in minutes like every other wait', () => {
    expect(
      refused({
        __typename: 'ServerBusyError',
        message: 'The server is busy. Try again in 90 seconds.',
        retryAfterSeconds: 90,
      }),
    ).toEqual({ errors: { form: 'The server is busy. Try again in 2 minutes.' } });
  });

  it('recognises an HTTP 429 that reached urql as a network error, from its Retry-After header', () => {
    const response = new Response('Too Many Requests', { status: 429, headers: { 'Retry-After': '120' } });
    const error = new CombinedError({ networkError: new Error('Too Many Requests'), response });
    expect(outcomeOf({ error }, false)).toEqual({
      errors: { form: 'Too many attempts with a wrong password. Try again in 2 minutes.' },
    });
  });

  it('tells a person whose session ended elsewhere to sign in again', () => {
    const error = new CombinedError({
      graphQLErrors: [{ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(outcomeOf({ error }, false)).toEqual({
      errors: { form: 'You have been signed out. Sign in again to continue.' },
    });
  });

  it("reads the same refusals from the form action's server-side call", () => {
    const signedOut = { errors: [{ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }], status: 200 };
    expect(outcomeOf({ data: null, error: signedOut }, false)).toEqual({
      errors: { form: 'You have been signed out. Sign in again to continue.' },
    });
    expect(outcomeOf({ data: null, error: { errors: [], status: 429 } }, false)).toEqual({
      errors: { form: 'Too many attempts with a wrong password. Try again in 1 minute.' },
    });
  });

  it('blames the connection when there is no answer at all', () => {
    const error = new CombinedError({ networkError: new TypeError('Failed to fetch') });
    expect(outcomeOf({ error }, true)).toEqual({
      errors: { form: 'Your password could not be changed. Check your connection and try again.' },
    });
  });
});
