import ipaddr from 'ipaddr.js';

/**
 * Whom a per-address limit counts. An IPv6 host is usually handed a whole /64, so counting single addresses
 * would give it 2^64 fresh counters: IPv6 addresses count by their /64, IPv4 ones (also written IPv4-mapped,
 * `::ffff:a.b.c.d`) by themselves. No address, or one that does not parse, shares the `unknown` counter.
 */
export function addressSubject(ip: string | null): string {
  if (!ip || !ipaddr.isValid(ip)) return 'unknown';
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`).toString()}/64`;
}
