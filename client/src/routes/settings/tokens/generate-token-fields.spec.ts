import { describe, expect, it } from 'vitest';
import { emptyGenerateTokenFields, generateTokenInputOf, validateGenerateTokenFields } from './generate-token-fields';
import { generateTokenFieldsOf } from './generate-token-form.server';

const now = new Date('2026-03-01T12:00:00Z');

function posted(entries: [string, string][]): FormData {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return form;
}

describe('the Generate form posted without JavaScript', () => {
  it('reads every field, restrictions included, into the input the dialog would send', () => {
    const fields = generateTokenFieldsOf(
      posted([
        ['name', ' deploy-bot '],
        ['description', 'CI'],
        ['expiration', 'DAYS_90'],
        ['expiresAt', ''],
        ['permissions', 'tokens:read'],
        ['permissions', 'reports:write'],
        ['allowedAddresses', '10.0.0.0/8\n203.0.113.7'],
        ['rateLimitRequests', '100'],
        ['rateLimitWindowSeconds', '3600'],
        ['quotaUses', '5'],
        ['quotaRefill', 'MONTH'],
      ]),
    );
    expect(validateGenerateTokenFields(fields, now)).toEqual({});
    expect(generateTokenInputOf(fields)).toEqual({
      name: 'deploy-bot',
      description: 'CI',
      expiration: 'DAYS_90',
      expiresAt: null,
      permissions: ['tokens:read', 'reports:write'],
      allowedAddresses: ['10.0.0.0/8', '203.0.113.7'],
      rateLimit: { requests: 100, windowSeconds: 3600 },
      quota: { uses: 5, refill: 'MONTH' },
    });
  });

  it('sends a custom date as the start of that day, and leaves out restrictions left empty', () => {
    const fields = generateTokenFieldsOf(
      posted([
        ['name', 'dated'],
        ['expiration', 'CUSTOM'],
        ['expiresAt', '2026-04-01'],
        ['permissions', 'profile:read'],
        ['rateLimitRequests', ''],
      ]),
    );
    expect(generateTokenInputOf(fields)).toEqual({
      name: 'dated',
      description: '',
      expiration: null,
      expiresAt: '2026-04-01T00:00:00.000Z',
      permissions: ['profile:read'],
    });
  });

  it('reads unknown menu values as the defaults, and refuses what the form refuses before sending', () => {
    const fields = generateTokenFieldsOf(
      posted([
        ['expiration', 'FOREVER'],
        ['rateLimitWindowSeconds', '7'],
        ['quotaRefill', 'HOURLY'],
        ['quotaUses', 'many'],
      ]),
    );
    const defaults = emptyGenerateTokenFields();
    expect([fields.expiration, fields.restrictions.rateLimitWindowSeconds, fields.restrictions.quotaRefill]).toEqual([
      defaults.expiration,
      defaults.restrictions.rateLimitWindowSeconds,
      defaults.restrictions.quotaRefill,
    ]);
    expect(Object.keys(validateGenerateTokenFields(fields, now)).sort()).toEqual(['name', 'permissions', 'quota']);
  });

  it('refuses a custom date out of range beside the date', () => {
    const fields = generateTokenFieldsOf(
      posted([
        ['name', 'late'],
        ['expiration', 'CUSTOM'],
        ['expiresAt', '2030-01-01'],
        ['permissions', 'profile:read'],
      ]),
    );
    expect(validateGenerateTokenFields(fields, now)).toEqual({
      expiresAt: 'Choose a date from 2026-03-03 to 2027-03-01.',
    });
  });
});
