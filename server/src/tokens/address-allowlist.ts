import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

/**
 * An address as matched: IPv4-mapped IPv6 (`::ffff:10.0.0.1`, which a dual-stack socket reports for IPv4
 * clients) as the IPv4 address it stands for.
 */
function unmapped(address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

/**
 * One allowlist entry (an address, or a CIDR range) as stored: its network address in canonical form and its
 * prefix, `10.0.0.0/8` or `2001:db8::/32`; an IPv4-mapped IPv6 range inside `::ffff:0:0/96` becomes the IPv4
 * range it covers. Null when the entry is not one: node's strict `isIP` judges the address part first, as
 * ipaddr.js alone takes forms such as `10.1` or `0x0a.0.0.1`, which people do not mean as addresses.
 */
export function normalizedAllowlistEntry(entry: string): string | null {
  const [address = '', prefixText, ...rest] = entry.trim().split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0 || address.includes('%')) return null;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  let prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return null;
  let parsed: Address = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    prefix -= 96;
  }
  const network =
    parsed.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${parsed.toString()}/${prefix}`).toString()
      : ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/${prefix}`).toRFC5952String();
  return `${network}/${prefix}`;
}

/** Whether `inner` lies wholly inside `outer` (same family, at least as long a prefix, same network). */
function within([innerAddress, innerPrefix]: Range, [outerAddress, outerPrefix]: Range): boolean {
  return (
    innerAddress.kind() === outerAddress.kind() &&
    innerPrefix >= outerPrefix &&
    innerAddress.match(outerAddress, outerPrefix)
  );
}

/** The addresses a token may be used from: entries as `normalizedAllowlistEntry` stores them. */
export class AddressAllowlist {
  readonly entries: readonly string[];
  readonly #ranges: readonly Range[];

  constructor(entries: readonly string[]) {
    this.entries = entries;
    this.#ranges = entries.map((entry) => ipaddr.parseCIDR(entry));
  }

  /** The stored column's allowlist (space-separated entries), or null when it has none. */
  static fromColumn(column: string | null): AddressAllowlist | null {
    return column ? new AddressAllowlist(column.split(' ')) : null;
  }

  /** Whether a request from `address` may use the token; an unknown or unreadable address may not. */
  allows(address: string | null): boolean {
    if (address === null || isIP(address) === 0) return false;
    const client = unmapped(ipaddr.parse(address));
    return this.#ranges.some(([network, prefix]) => client.kind() === network.kind() && client.match(network, prefix));
  }

  /** Whether every address `other` allows, this allows too (a token may only pass on what it is held to). */
  covers(other: AddressAllowlist): boolean {
    return other.#ranges.every((range) => this.#ranges.some((outer) => within(range, outer)));
  }
}
