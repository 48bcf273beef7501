import { describe, expect, it } from 'vitest';
import { AddressAllowlist, normalizedAllowlistEntry } from '../src/tokens/address-allowlist.js';
import { controlsDelegationProblem, type RequestedControls } from '../src/tokens/controls.js';
import { quotaPeriod } from '../src/tokens/usage-limits.js';

describe('allowlist entries', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7/32'],
    [' 203.0.113.7 ', '203.0.113.7/32'],
    ['10.1.2.3/8', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['2001:DB8::1', '2001:db8::1/128'],
    ['2001:db8:0:0:1::/64', '2001:db8::/64'],
    ['::ffff:192.168.1.1', '192.168.1.1/32'],
    ['::ffff:10.0.0.0/104', '10.0.0.0/8'],
    // Wider than the mapped range: stays IPv6.
    ['::ffff:0:0/80', '::/80'],
  ])('stores %j as %s', (entry, stored) => {
    expect(normalizedAllowlistEntry(entry)).toBe(stored);
  });

  it.each([
    '',
    'example.com',
    '10.1',
    '0x0a.0.0.1',
    '010.0.0.1',
    '10.0.0.256',
    '1.2.3.4/33',
    '2001:db8::/129',
    '1.2.3.4/-1',
    '1.2.3.4/ 8',
    '1.2.3.4/8/8',
    'fe80::1%eth0',
    '10.0.0.0/08x',
  ])('refuses %j', (entry) => {
    expect(normalizedAllowlistEntry(entry)).toBeNull();
  });
});

describe('an allowlist', () => {
  const allowlist = new AddressAllowlist(['10.0.0.0/8', '203.0.113.7/32', '2001:db8::/32']);

  it.each([
    ['10.255.0.1', true],
    ['203.0.113.7', true],
    ['203.0.113.8', false],
    ['11.0.0.1', false],
    // What a dual-stack socket reports for an IPv4 client.
    ['::ffff:10.1.2.3', true],
    ['::ffff:11.1.2.3', false],
    ['2001:db8:ffff::1', true],
    ['2001:db9::1', false],
    ['::1', false],
  ])('judges %s: %s', (address, allowed) => {
    expect(allowlist.allows(address)).toBe(allowed);
  });

  it('refuses a request whose address is unknown or unreadable', () => {
    expect(allowlist.allows(null)).toBe(false);
    expect(allowlist.allows('10.1')).toBe(false);
    expect(allowlist.allows('not an address')).toBe(false);
  });

  it('covers only allowlists wholly inside it', () => {
    expect(allowlist.covers(new AddressAllowlist(['10.1.0.0/16', '203.0.113.7/32']))).toBe(true);
    expect(allowlist.covers(new AddressAllowlist(['10.0.0.0/7']))).toBe(false);
    expect(allowlist.covers(new AddressAllowlist(['203.0.113.0/24']))).toBe(false);
    expect(allowlist.covers(new AddressAllowlist(['2001:db8:1::/48']))).toBe(true);
  });
});

describe('delegating controls', () => {
  const none: RequestedControls = { allowlist: null, rateLimit: null, quota: null };
  const limited: RequestedControls = {
    allowlist: new AddressAllowlist(['10.0.0.0/8']),
    rateLimit: { requests: 60, windowSeconds: 60 },
    quota: { uses: 100, refill: 'WEEK' },
  };

  it('lets a token without controls pass on anything', () => {
    expect(controlsDelegationProblem(null, null)).toBeNull();
    expect(controlsDelegationProblem(null, limited)).toBeNull();
  });

  it('holds each control of a limited token over what it passes on', () => {
    expect(controlsDelegationProblem(limited, limited)).toBeNull();
    expect(controlsDelegationProblem(limited, null)).toBe('allowedAddresses');
    expect(controlsDelegationProblem(limited, { ...limited, allowlist: new AddressAllowlist(['0.0.0.0/0']) })).toBe(
      'allowedAddresses',
    );
    expect(controlsDelegationProblem(limited, { ...limited, rateLimit: null })).toBe('rateLimit');
    // 2 a second is faster than 60 a minute; 1 a second is not.
    expect(controlsDelegationProblem(limited, { ...limited, rateLimit: { requests: 2, windowSeconds: 1 } })).toBe(
      'rateLimit',
    );
    expect(controlsDelegationProblem(limited, { ...limited, rateLimit: { requests: 1, windowSeconds: 1 } })).toBeNull();
    expect(controlsDelegationProblem(limited, { ...limited, quota: { uses: 101, refill: 'WEEK' } })).toBe('quota');
    expect(controlsDelegationProblem(limited, { ...limited, quota: { uses: 100, refill: 'DAY' } })).toBe('quota');
    expect(controlsDelegationProblem(limited, { ...limited, quota: { uses: 100, refill: null } })).toBeNull();
    expect(controlsDelegationProblem(none, null)).toBeNull();
  });
});

describe('quota periods', () => {
  it.each([
    ['DAY', '2026-03-31T23:59:59.999Z', '2026-03-31', '2026-04-01T00:00:00.000Z'],
    ['DAY', '2026-04-01T00:00:00.000Z', '2026-04-01', '2026-04-02T00:00:00.000Z'],
    // 2026-03-01 is a Sunday: its week began on Monday 23 February.
    ['WEEK', '2026-03-01T12:00:00.000Z', '2026-02-23', '2026-03-02T00:00:00.000Z'],
    ['WEEK', '2026-03-02T00:00:00.000Z', '2026-03-02', '2026-03-09T00:00:00.000Z'],
    ['MONTH', '2026-02-28T23:00:00.000Z', '2026-02-01', '2026-03-01T00:00:00.000Z'],
    ['MONTH', '2026-12-31T23:59:59.000Z', '2026-12-01', '2027-01-01T00:00:00.000Z'],
  ] as const)('%s at %s is the period from %s to %s', (refill, now, key, endsAt) => {
    expect(quotaPeriod(refill, new Date(now))).toEqual({ key, endsAt: new Date(endsAt) });
  });

  it('is the whole life of the token when the quota never refills', () => {
    expect(quotaPeriod(null, new Date('2026-03-01T00:00:00.000Z'))).toEqual({ key: 'all', endsAt: null });
  });
});
