import { CombinedError } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { tryAgainIn, waitMessage, waitMessageOf } from './retry-after';

describe('tryAgainIn', () => {
  it('rounds up to whole seconds under a minute, to whole minutes above', () => {
    expect(tryAgainIn(0.2)).toBe('Try again in 1 second.');
    expect(tryAgainIn(59)).toBe('Try again in 59 seconds.');
    expect(tryAgainIn(60)).toBe('Try again in 1 minute.');
    expect(tryAgainIn(61)).toBe('Try again in 2 minutes.');
    expect(tryAgainIn(597)).toBe('Try again in 10 minutes.');
  });
});

describe('waitMessage', () => {
  it('says a rate limit in minutes, whatever seconds the API counted', () => {
    expect(waitMessage({ __typename: 'RateLimitedError', retryAfterSeconds: 597 })).toBe(
      'Too many attempts. Try again in 10 minutes.',
    );
    expect(tryAgainIn(597)).toBe('Try again in 10 minutes.');
  });

  it('says the server is busy, with the same wait format', () => {
    expect(waitMessage({ __typename: 'ServerBusyError', retryAfterSeconds: 5 })).toBe(
      'The server is busy. Try again in 5 seconds.',
    );
  });

  it('names what was attempted too often when the form knows', () => {
    expect(
      waitMessage(
        { __typename: 'RateLimitedError', retryAfterSeconds: 120 },
        'Too many attempts with a wrong password.',
      ),
    ).toBe('Too many attempts with a wrong password. Try again in 2 minutes.');
  });
});

describe('waitMessageOf', () => {
  it('reads the wait from the typed answer, or from an HTTP 429 urql reported as an error', () => {
    const rateLimited = { __typename: 'RateLimitedError', retryAfterSeconds: 597 };
    expect(waitMessageOf(rateLimited, undefined)).toBe('Too many attempts. Try again in 10 minutes.');
    const response = new Response('Too Many Requests', { status: 429, headers: { 'Retry-After': '30' } });
    const error = new CombinedError({ networkError: new Error('Too Many Requests'), response });
    expect(waitMessageOf(undefined, error)).toBe('Too many attempts. Try again in 30 seconds.');
  });

  it("reads the wait from a refusal the server's API call reported as an error", () => {
    const refused = { errors: [{ message: 'Slow down.', extensions: { retryAfterSeconds: 120 } }], status: 429 };
    expect(waitMessageOf(null, refused)).toBe('Too many attempts. Try again in 2 minutes.');
    expect(waitMessageOf(null, { errors: [], status: 429 })).toBe('Too many attempts. Try again in 1 minute.');
    expect(waitMessageOf(null, { errors: [{ message: 'Unexpected error.' }], status: 200 })).toBeNull();
  });

  it('is null for answers that ask for no wait', () => {
    expect(waitMessageOf({ __typename: 'InvalidCredentialsError' }, undefined)).toBeNull();
    expect(waitMessageOf(undefined, undefined)).toBeNull();
  });
});
