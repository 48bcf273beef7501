import { promises as dns, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Whether a webhook may be sent to `address`: only globally routable unicast. Private, loopback, link-local,
 * unique-local, unspecified, multicast, carrier-grade NAT, broadcast, documentation and other reserved ranges are
 * refused, and so are IPv6 forms that embed an IPv4 address (6to4, Teredo, NAT64), which could smuggle a private
 * one past the check. An IPv4-mapped IPv6 address is judged as the IPv4 address it stands for.
 */
export function isPublicAddress(address: string): boolean {
  if (isIP(address) === 0) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/** A webhook host that resolves to an address `isPublicAddress` refuses (SSRF protection). */
export class NonPublicAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to ${address}, which is not a public address`);
    this.name = 'NonPublicAddressError';
  }
}

/**
 * The address to connect to for `host` (a name, or a literal address as `URL.hostname` gives it, IPv6 in
 * brackets), after DNS resolution. Every address the name resolves to must be public, else NonPublicAddressError
 * (unless `allowPrivate`, the development flag LATCHKEY_ALLOW_HTTP_WEBHOOKS). Connect to the returned address
 * itself, not to the name again: a second lookup could answer differently (DNS rebinding).
 */
export async function resolvePublicAddress(
  host: string,
  { allowPrivate = false }: { allowPrivate?: boolean } = {},
): Promise<LookupAddress> {
  const name = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const addresses = await dns.lookup(name, { all: true, order: 'verbatim' });
  const refused = allowPrivate ? undefined : addresses.find(({ address }) => !isPublicAddress(address));
  if (refused) throw new NonPublicAddressError(host, refused.address);
  const [first] = addresses;
  if (!first) throw new Error(`${host} resolves to no address`);
  return first;
}
