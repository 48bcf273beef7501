import { describe, expect, it } from 'vitest';
import { accountChangeRefusal, lockReasonProblem, searchFromUrl, tokenCountText, urlWithSearch } from './accounts';

describe('accountChangeRefusal', () => {
  it('is nothing once the change was made', () => {
    for (const __typename of [
      'LockAccountSuccess',
      'UnlockAccountSuccess',
      'GrantAdministratorSuccess',
      'RevokeAdministratorSuccess',
    ]) {
      expect(accountChangeRefusal({ __typename })).toBeNull();
    }
  });

  it('puts a reason problem beside the field and anything else above the buttons', () => {
    expect(
      accountChangeRefusal({
        __typename: 'ValidationError',
        message: 'A reason is at most 500 characters.',
        fieldErrors: [{ path: ['input', 'reason'], message: 'A reason is at most 500 characters.' }],
      }),
    ).toEqual({ reason: 'A reason is at most 500 characters.' });
    const last = 'This is the last administrator who can sign in: make someone else an administrator first.';
    expect(accountChangeRefusal({ __typename: 'LastAdministratorError', message: last })).toEqual({ form: last });
    expect(accountChangeRefusal(null)).toEqual({
      form: 'The account could not be changed. Check your connection and try again.',
    });
  });
});

describe('lockReasonProblem', () => {
  it('asks for a reason the person will read, within 500 characters', () => {
    expect(lockReasonProblem('   ')).toBe('Say why: the person sees it when they sign in.');
    expect(lockReasonProblem('x'.repeat(501))).toBe('A reason is at most 500 characters.');
    expect(lockReasonProblem('Left the company.')).toBeUndefined();
  });
});

describe('the search in the URL', () => {
  it('is read trimmed and written only when there is one', () => {
    const url = new URL('https://latchkey.test/settings/admin/users?search=%20ada%20');
    expect(searchFromUrl(url)).toBe('ada');
    expect(searchFromUrl(new URL('https://latchkey.test/settings/admin/users?search='))).toBeNull();
    expect(urlWithSearch(url, ' grace ').search).toBe('?search=grace');
    expect(urlWithSearch(url, '  ').search).toBe('');
  });
});

describe('tokenCountText', () => {
  it('says how many tokens are active of all the account holds', () => {
    expect(tokenCountText(2, 3)).toBe('2 of 3 active');
    expect(tokenCountText(0, 0)).toBe('None');
  });
});
