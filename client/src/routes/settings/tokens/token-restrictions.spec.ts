import { describe, expect, it } from 'vitest';
import { errorsFromOutcome } from './token-form';
import {
  describeQuotaLeft,
  describeRateLimit,
  editRestrictionInput,
  initialRestrictionValues,
  rateLimitWindowOptions,
  validateRestrictions,
} from './token-restrictions';

const restricted = {
  allowedAddresses: ['10.0.0.0/8', '203.0.113.7/32'],
  rateLimit: { requests: 100, windowSeconds: 60 },
  quota: { uses: 1000, refill: 'MONTH' as const },
};

describe('token restrictions', () => {
  it('shows a ValidationError on input.allowedAddresses.3 at the addresses field, with its message naming the entry', () => {
    expect(
      errorsFromOutcome({
        __typename: 'ValidationError',
        message: 'The input is not valid.',
        fieldErrors: [
          {
            path: ['input', 'allowedAddresses', '3'],
            message: '"10.0.0.300" is not an IPv4 or IPv6 address or CIDR range.',
          },
          { path: ['input', 'rateLimit', 'windowSeconds'], message: 'The window must be at most 86,400.' },
          { path: ['input', 'quota'], message: 'A token held to a quota may only create tokens with a quota.' },
        ],
      }),
    ).toEqual({
      allowedAddresses: '"10.0.0.300" is not an IPv4 or IPv6 address or CIDR range.',
      rateLimit: 'The window must be at most 86,400.',
      quota: 'A token held to a quota may only create tokens with a quota.',
    });
  });

  it('refuses more than 20 addresses and numbers out of bounds before sending', () => {
    const values = initialRestrictionValues();
    const addresses = Array.from({ length: 21 }, (_, index) => `10.0.0.${index}`).join('\n');
    expect(
      validateRestrictions({ ...values, allowedAddresses: addresses, rateLimitRequests: '0', quotaUses: 'ten' }),
    ).toEqual({
      allowedAddresses: 'At most 20 addresses or ranges; this has 21.',
      rateLimit: 'Requests must be from 1 to 1,000,000.',
      quota: 'Uses must be a whole number.',
    });
  });

  it('sends nothing for an edit that leaves the restrictions as they were', () => {
    expect(editRestrictionInput(initialRestrictionValues(restricted), restricted)).toEqual({});
  });

  it('removes what was emptied and replaces what changed', () => {
    const values = { ...initialRestrictionValues(restricted), allowedAddresses: '', rateLimitRequests: '' };
    expect(editRestrictionInput({ ...values, quotaRefill: 'NEVER' }, restricted)).toEqual({
      allowedAddresses: [],
      removeRateLimit: true,
      quota: { uses: 1000 },
    });
  });

  it('offers a window the API holds that the menu does not name', () => {
    expect(rateLimitWindowOptions(30).at(-1)).toEqual({ value: '30', label: 'per 30 seconds' });
    expect(rateLimitWindowOptions(60)).toHaveLength(4);
  });

  it('describes a rate limit and what is left of a quota in words', () => {
    expect(describeRateLimit({ requests: 1, windowSeconds: 1 })).toBe('1 request per second');
    expect(describeRateLimit({ requests: 5000, windowSeconds: 30 })).toBe('5,000 requests per 30 seconds');
    expect(describeQuotaLeft({ uses: 5, remaining: 3, refill: 'MONTH' })).toBe('3 of 5 uses left this month');
    expect(describeQuotaLeft({ uses: 2, remaining: 0, refill: null })).toBe('0 of 2 uses left');
  });
});
