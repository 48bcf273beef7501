import { describe, expect, it } from 'vitest';
import { editTokenValuesOf } from './edit-token-form.server';

function postedForm(entries: [string, string][]): FormData {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return form;
}

describe('a posted edit form (without JavaScript)', () => {
  it('reads every field as the form in the browser holds it', () => {
    const form = postedForm([
      ['name', 'deploy-bot'],
      ['description', 'Nightly'],
      ['permissions', 'reports:read'],
      ['expiration', 'CUSTOM'],
      ['expiresAt', '2026-03-20'],
      ['allowedAddresses', '10.0.0.0/8'],
      ['rateLimitRequests', '60'],
      ['rateLimitWindowSeconds', '90'],
      ['quotaUses', '1000'],
      ['quotaRefill', 'WEEK'],
    ]);
    expect(editTokenValuesOf(form, 90)).toEqual({
      name: 'deploy-bot',
      description: 'Nightly',
      permissions: ['reports:read'],
      expiration: 'CUSTOM',
      customDate: '2026-03-20',
      restrictions: {
        allowedAddresses: '10.0.0.0/8',
        rateLimitRequests: '60',
        rateLimitWindowSeconds: '90',
        quotaUses: '1000',
        quotaRefill: 'WEEK',
      },
    });
  });

  it('keeps the expiry and takes the default window and refill for values no menu offers', () => {
    const values = editTokenValuesOf(
      postedForm([
        ['expiration', 'DAYS_3650'],
        ['rateLimitWindowSeconds', '90'],
        ['quotaRefill', 'HOURLY'],
      ]),
    );
    expect([values.expiration, values.restrictions.rateLimitWindowSeconds, values.restrictions.quotaRefill]).toEqual([
      'KEEP',
      '60',
      'NEVER',
    ]);
    expect(values.permissions).toEqual([]);
  });
});
