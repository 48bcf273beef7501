import { describe, expect, it } from 'vitest';
import { isPublicAddress, NonPublicAddressError, resolvePublicAddress } from '../src/notifications/public-address.js';

describe('public addresses for webhooks', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'documentation'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fe80::1', 'IPv6 link-local'],
    ['fd00::1', 'IPv6 unique-local'],
    ['ff02::1', 'IPv6 multicast'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['2002:a00:1::', '6to4 embedding 10.0.0.1'],
    ['64:ff9b::a00:1', 'NAT64 embedding 10.0.0.1'],
    ['not an address', 'not an address at all'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('resolves a name and refuses it when it resolves to a loopback address', async () => {
    await expect(resolvePublicAddress('localhost')).rejects.toBeInstanceOf(NonPublicAddressError);
    await expect(resolvePublicAddress('[::1]')).rejects.toThrow('[::1] resolves to ::1, which is not a public address');
  });

  it('returns the address to connect to: a public literal as it is, a private one only in development', async () => {
    expect(await resolvePublicAddress('1.1.1.1')).toEqual({ address: '1.1.1.1', family: 4 });
    expect(await resolvePublicAddress('[2606:4700:4700::1111]')).toEqual({
      address: '2606:4700:4700::1111',
      family: 6,
    });
    expect(await resolvePublicAddress('10.0.0.1', { allowPrivate: true })).toEqual({ address: '10.0.0.1', family: 4 });
  });
});
