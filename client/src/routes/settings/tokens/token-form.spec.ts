import { describe, expect, it } from 'vitest';
import { errorsFromOutcome, expirationOptions, expiryDate, lifetimeLabel, validateTokenForm } from './token-form';

describe('validateTokenForm', () => {
  it('counts characters as the API does, so 100 emoji are a valid name', () => {
    expect(validateTokenForm({ name: '🔑'.repeat(100), expiration: 'DAYS_30', permissions: ['tokens:read'] })).toEqual(
      {},
    );
  });

  it('refuses control characters', () => {
    expect(validateTokenForm({ name: 'a\u0007b', expiration: 'DAYS_30', permissions: ['tokens:read'] }).name).toBe(
      'Names cannot contain control characters.',
    );
  });

  const nameError = (name: string) =>
    validateTokenForm({ name, expiration: 'DAYS_30', permissions: ['tokens:read'] }).name;

  it('refuses names that display in another order, look empty, or hide a zero-width character', () => {
    expect(nameError('invoice\u202Efdp.exe')).toBe(
      'Names cannot contain bidirectional control characters: they change the order text is shown in.',
    );
    expect(nameError('\u200B')).toBe('Names need at least one visible character.');
    expect(nameError('de\u200Bploy')).toBe(
      'Names cannot contain invisible characters such as zero-width spaces: they make different names look the same.',
    );
  });

  it('accepts Arabic, CJK and emoji, joined emoji included', () => {
    for (const name of ['نشر الإنتاج', '部署トークン', 'ci 🚀', '👩‍💻 laptop']) expect(nameError(name)).toBeUndefined();
  });
});

describe('expirationOptions', () => {
  it('offers the lifetimes the API accepts, labelled by their days', () => {
    expect(expirationOptions.map((option) => [option.value, option.label])).toEqual([
      ['DAYS_30', '30 days'],
      ['DAYS_60', '60 days'],
      ['DAYS_90', '90 days'],
      ['YEAR_1', '1 year'],
    ]);
    expect(lifetimeLabel(730)).toBe('2 years');
    expect(expiryDate('YEAR_1', new Date('2026-03-01T12:00:00.000Z')).toISOString()).toBe('2027-03-01T12:00:00.000Z');
  });
});

describe('errorsFromOutcome', () => {
  it('puts server validation errors beside their fields, an unknown permission beside the permissions', () => {
    const unknown = "reports:delete is not a permission of this server's catalogue.";
    expect(
      errorsFromOutcome({
        __typename: 'ValidationError',
        message: `Give the token a name. ${unknown}`,
        fieldErrors: [
          { path: ['input', 'name'], message: 'Give the token a name.' },
          { path: ['input', 'permissions', '0'], message: unknown },
        ],
      }),
    ).toEqual({ name: 'Give the token a name.', permissions: unknown });
  });

  it('puts a taken name beside the name, and the token limit above the buttons', () => {
    expect(errorsFromOutcome({ __typename: 'NameTakenError', message: 'Taken.' })).toEqual({ name: 'Taken.' });
    expect(errorsFromOutcome({ __typename: 'TokenLimitError', message: 'Limit reached.' })).toEqual({
      form: 'Limit reached.',
    });
  });
});
