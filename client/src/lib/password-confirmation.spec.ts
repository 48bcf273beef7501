import type { Client } from '@urql/core';
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { PasswordConfirmation } from './password-confirmation.svelte';

type Outcome = { __typename: 'RestoreTokenSuccess' } | { __typename: 'ReauthenticationRequiredError'; message: string };

const required: Outcome = { __typename: 'ReauthenticationRequiredError', message: 'Confirm your password.' };
const success: Outcome = { __typename: 'RestoreTokenSuccess' };

function confirmation(reauthenticate: string | object = 'ReauthenticateSuccess') {
  const answer =
    typeof reauthenticate === 'string'
      ? { __typename: reauthenticate, message: 'The email or password is incorrect.' }
      : reauthenticate;
  const mutation = vi.fn(() => ({ toPromise: async () => ({ data: { reauthenticate: answer } }) }));
  return new PasswordConfirmation({ mutation } as unknown as Client);
}

async function until(condition: () => boolean) {
  await vi.waitFor(() => {
    flushSync();
    if (!condition()) throw new Error('not yet');
  });
}

describe('PasswordConfirmation.attempt', () => {
  it('runs the change once, without asking, when the API does not want the password', async () => {
    const passwordConfirmation = confirmation();
    const run = vi.fn(async () => success);
    expect(await passwordConfirmation.attempt(run)).toEqual({ outcome: success, cancelled: false });
    expect(run).toHaveBeenCalledOnce();
    expect(passwordConfirmation.open).toBe(false);
  });

  it('asks for the password when the API wants it, and runs the change again once it was accepted', async () => {
    const passwordConfirmation = confirmation();
    const run = vi.fn<() => Promise<Outcome>>().mockResolvedValueOnce(required).mockResolvedValueOnce(success);
    const attempt = passwordConfirmation.attempt(run);
    await until(() => passwordConfirmation.open);
    expect(await passwordConfirmation.submit('correct horse')).toBeUndefined();
    expect(await attempt).toEqual({ outcome: success, cancelled: false });
    expect(run).toHaveBeenCalledTimes(2);
    expect(passwordConfirmation.open).toBe(false);
  });

  it('keeps asking after a wrong password, and gives up without a second run when cancelled', async () => {
    const passwordConfirmation = confirmation('InvalidCredentialsError');
    const run = vi.fn(async () => required);
    const attempt = passwordConfirmation.attempt(run);
    await until(() => passwordConfirmation.open);
    expect(await passwordConfirmation.submit('wrong')).toBe('The password is incorrect.');
    expect(passwordConfirmation.open).toBe(true);
    passwordConfirmation.cancel();
    expect(await attempt).toEqual({ outcome: required, cancelled: true });
    expect(run).toHaveBeenCalledOnce();
  });
});

describe('PasswordConfirmation.submit', () => {
  it('says the password is incorrect, never "the email or password": the prompt asks no email', async () => {
    expect(await confirmation('InvalidCredentialsError').submit('wrong')).toBe('The password is incorrect.');
  });

  it('says how long to wait after too many wrong passwords, in minutes', async () => {
    const rateLimited = {
      __typename: 'RateLimitedError',
      message: 'Too many attempts. Try again in 597 seconds.',
      retryAfterSeconds: 597,
    };
    expect(await confirmation(rateLimited).submit('wrong')).toBe(
      'Too many attempts with a wrong password. Try again in 10 minutes.',
    );
  });
});
