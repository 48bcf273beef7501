// The model's own reading of client addresses and allowlist entries, written apart from the server's (which
// uses ipaddr.js) so that the two can disagree. It knows only the forms the model uses: dotted IPv4, IPv6
// with `::`, and IPv4-mapped IPv6 (`::ffff:a.b.c.d`, matched as the IPv4 address it stands for).

interface Parsed {
  family: 4 | 6;
  value: bigint;
}

const bitsOf = (family: 4 | 6) => (family === 4 ? 32 : 128);

function parseIPv4(text: string): bigint {
  return text.split('.').reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

function parseAddress(text: string): Parsed {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped) return { family: 4, value: parseIPv4(mapped[1] as string) };
  if (!text.includes(':')) return { family: 4, value: parseIPv4(text) };
  const [head = '', tail = ''] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = text.includes('::')
    ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return { family: 6, value: groups.reduce((value, group) => (value << 16n) | BigInt(`0x${group}`), 0n) };
}

/** A stored entry (`network/prefix`) as a family, network and prefix. */
function parseEntry(entry: string) {
  const [address = '', prefix = ''] = entry.split('/');
  return { ...parseAddress(address), prefix: Number(prefix) };
}

function inside(address: Parsed, entry: string): boolean {
  const range = parseEntry(entry);
  const shift = BigInt(bitsOf(range.family) - range.prefix);
  return address.family === range.family && address.value >> shift === range.value >> shift;
}

/** Whether a token held to `allowlist` (null: none) may be used from `address` (null: unknown, never allowed). */
export function allowsAddress(allowlist: readonly string[] | null, address: string | null): boolean {
  if (allowlist === null) return true;
  return address !== null && allowlist.some((entry) => inside(parseAddress(address), entry));
}

/** Whether every address `child` allows, `parent` allows too; a child without an allowlist allows everything. */
export function allowlistCovers(parent: readonly string[], child: readonly string[] | null): boolean {
  if (child === null) return false;
  return child.every((entry) => {
    const range = parseEntry(entry);
    return parent.some((outer) => parseEntry(outer).prefix <= range.prefix && inside(range, outer));
  });
}

/** Where uses come from: inside and outside the allowlists below, in IPv4, IPv6 and IPv4-mapped IPv6. */
export const clientAddresses = [
  '203.0.113.7',
  '203.0.113.99',
  '::ffff:203.0.113.7',
  '10.1.2.3',
  '2001:db8::5',
  '2001:db9::1',
  '198.51.100.20',
] as const;

/** An allowlist as a request gives it, and as the server stores it (normalised, duplicates dropped) or refuses it. */
export type AllowlistChoice =
  | { given: string[]; stored: string[] }
  | { given: string[]; refused: { index: number; entry: string } };

export const allowlistChoices: AllowlistChoice[] = [
  { given: ['203.0.113.0/24'], stored: ['203.0.113.0/24'] },
  { given: ['203.0.113.7', '::ffff:203.0.113.7'], stored: ['203.0.113.7/32'] },
  { given: ['::ffff:203.0.113.0/120', '203.0.113.7'], stored: ['203.0.113.0/24', '203.0.113.7/32'] },
  { given: ['2001:DB8::1/32', '10.1.2.3/8'], stored: ['2001:db8::/32', '10.0.0.0/8'] },
  { given: ['203.0.113.7/32', '2001:db8::5'], stored: ['203.0.113.7/32', '2001:db8::5/128'] },
  { given: ['10.0.0.0/8', '10.0.0.300'], refused: { index: 1, entry: '10.0.0.300' } },
  { given: ['1.2.3.4/33'], refused: { index: 0, entry: '1.2.3.4/33' } },
];
