import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The network new-address alerts compare an address by: its IPv4 /24 or IPv6 /64 (what one site or one home
 * line usually holds), as `203.0.113.0/24` or `2001:db8:1:2::/64`. IPv4-mapped IPv6 counts as the IPv4 address it
 * stands for. Null for anything that is not an address.
 */
export function networkOf(address: string): string | null {
  if (isIP(address) === 0) return null;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return `${ipaddr.IPv4.networkAddressFromCIDR(`${parsed.toString()}/24`).toString()}/24`;
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toRFC5952String()}/64`;
}
