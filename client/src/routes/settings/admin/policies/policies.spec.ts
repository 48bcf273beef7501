import { describe, expect, it } from 'vitest';
import { policyStatements, type TokenPolicies } from './policies';

const OFF: TokenPolicies = {
  maxTokenLifetimeDays: null,
  revokeUnusedAfterDays: null,
  inactivityWarningDays: 7,
  approvalRequired: [],
  writeRequiresAllowlist: false,
};

const summaries = (policies: TokenPolicies) =>
  policyStatements(policies).map(({ title, on, summary }) => [title, on ? 'On' : 'Off', summary]);

describe('the policies page', () => {
  it('says each policy in words when the operator set them', () => {
    expect(
      summaries({
        maxTokenLifetimeDays: 90,
        revokeUnusedAfterDays: 365,
        inactivityWarningDays: 7,
        approvalRequired: ['admin:write', 'reports:write'],
        writeRequiresAllowlist: true,
      }),
    ).toEqual([
      ['Maximum token lifetime', 'On', 'Tokens live at most 90 days.'],
      ['Revocation of unused tokens', 'On', 'Tokens unused for 365 days are revoked.'],
      [
        'Approval by an administrator',
        'On',
        "Tokens with admin:write, reports:write wait for an administrator's approval.",
      ],
      ['Address allowlist for tokens that can write', 'On', 'Tokens that can write must have an address allowlist.'],
    ]);
  });

  it('shows every policy as off when none is set, with what holds instead', () => {
    expect(summaries(OFF)).toEqual([
      ['Maximum token lifetime', 'Off', 'Off: tokens may live up to 365 days, the longest Latchkey offers.'],
      ['Revocation of unused tokens', 'Off', 'Off: unused tokens are kept until they expire.'],
      ['Approval by an administrator', 'Off', 'Off: no token waits for approval.'],
      ['Address allowlist for tokens that can write', 'Off', 'Off: any token may be used from any address.'],
    ]);
  });

  it('tells owners how long before an inactivity revocation they are warned', () => {
    const [, inactivity] = policyStatements({ ...OFF, revokeUnusedAfterDays: 30 });
    expect(inactivity?.detail).toContain('The owner is warned 7 days before');
    expect(inactivity?.detail).toContain('cannot be restored');
  });

  it('says "1 day" for a lifetime of one day', () => {
    expect(policyStatements({ ...OFF, maxTokenLifetimeDays: 1 })[0]?.summary).toBe('Tokens live at most 1 day.');
  });
});
