import { describe, expect, it } from 'vitest';
import {
  customDateProblem,
  customDateRange,
  errorsFromOutcome,
  expirationOptions,
  expiryDate,
  expiryFields,
  lifetimeLabel,
  validateTokenForm,
} from './token-form';

describe('validateTokenForm', () => {
  it('counts characters as the API does, so 100 emoji are a valid name', () => {
    expect(
      validateTokenForm({
        name: '🔑'.repeat(100),
        description: '',
        expiresAt: null,
        expiration: 'DAYS_30',
        permissions: ['tokens:read'],
      }),
    ).toEqual({});
  });

  it('refuses control characters', () => {
    expect(
      validateTokenForm({
        name: 'a\u0007b',
        description: '',
        expiresAt: null,
        expiration: 'DAYS_30',
        permissions: ['tokens:read'],
      }).name,
    ).toBe('Names cannot contain control characters.');
  });

  const nameError = (name: string) =>
    validateTokenForm({ name, description: '', expiresAt: null, expiration: 'DAYS_30', permissions: ['tokens:read'] })
      .name;

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
      ['DAYS_7', '7 days'],
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

describe('custom expiry dates', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');

  it('offers dates from the first full day ahead to a year ahead, as the API allows', () => {
    expect(customDateRange(now)).toEqual({ min: '2026-03-03', max: '2027-03-01' });
  });

  it('refuses a missing date or one out of range, and sends a chosen date as the start of that day (UTC)', () => {
    expect(customDateProblem('', now)).toBe('Choose a date.');
    expect(customDateProblem('2026-03-02', now)).toBe('Choose a date from 2026-03-03 to 2027-03-01.');
    expect(customDateProblem('2026-04-01', now)).toBeNull();
    expect(expiryFields('CUSTOM', '2026-04-01')).toEqual({ expiration: null, expiresAt: '2026-04-01T00:00:00.000Z' });
    expect(expiryFields('DAYS_7', '2026-04-01')).toEqual({ expiration: 'DAYS_7', expiresAt: null });
  });

  it('refuses a description of more than 500 characters or with a line break', () => {
    const values = { name: 'ci', expiration: 'DAYS_30' as const, expiresAt: null, permissions: ['tokens:read'] };
    expect(validateTokenForm({ ...values, description: 'x'.repeat(501) }).description).toBe(
      'Descriptions are at most 500 characters.',
    );
    expect(validateTokenForm({ ...values, description: 'a\nb' }).description).toBe(
      'Descriptions cannot contain line breaks or control characters.',
    );
    expect(validateTokenForm({ ...values, description: 'x'.repeat(500) })).toEqual({});
  });
});
