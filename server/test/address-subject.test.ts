import { describe, expect, it } from 'vitest';
import { addressSubject } from '../src/security/address-subject.js';

describe('the address a per-address limit counts', () => {
  it('counts an IPv4 address by itself, however it is written', () => {
    expect(addressSubject('203.0.113.7')).toBe('203.0.113.7');
    expect(addressSubject('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every IPv6 address of one /64 as one', () => {
    const subject = addressSubject('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    expect(subject).toBe('2001:db8:1:2::/64');
    expect(addressSubject('2001:db8:1:2::1')).toBe(subject);
    expect(addressSubject('2001:db8:1:3::1')).not.toBe(subject);
  });

  it('puts missing and unparsable addresses in one shared counter', () => {
    expect(addressSubject(null)).toBe('unknown');
    expect(addressSubject('not an address')).toBe('unknown');
  });
});
