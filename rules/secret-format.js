// The shape of Latchkey's secrets, checked without a database: the server and @latchkey/verify both refuse a
// malformed secret by this rule before any lookup. Node only (node:zlib), so it is not part of index.js, which
// the settings UI loads in the browser.
import { crc32 } from 'node:zlib';

export const secretRandomLength = 32;
export const secretChecksumLength = 6;
export const base62Alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The checksum that ends a secret: the CRC32 of its random part, as six base62 characters. */
export function secretChecksum(randomPart) {
  let value = crc32(randomPart);
  let encoded = '';
  for (let i = 0; i < secretChecksumLength; i++) {
    encoded = base62Alphabet[value % 62] + encoded;
    value = Math.floor(value / 62);
  }
  return encoded;
}

// Prefixes go into a regular expression unescaped, so they are held to characters that mean nothing there.
const prefixPattern = /^[a-z]+_$/;

/** The shape of one kind of secret: its prefix, 32 random base62 characters and a 6-character checksum. */
export function secretShape(prefix) {
  if (!prefixPattern.test(prefix)) throw new Error(`A secret prefix is lower-case letters and a _, not "${prefix}"`);
  const pattern = new RegExp(`^${prefix}[0-9A-Za-z]{${secretRandomLength + secretChecksumLength}}$`);
  const randomEnd = prefix.length + secretRandomLength;
  return Object.freeze({
    prefix,
    length: randomEnd + secretChecksumLength,
    isWellFormed(candidate) {
      if (typeof candidate !== 'string' || !pattern.test(candidate)) return false;
      return candidate.slice(-secretChecksumLength) === secretChecksum(candidate.slice(prefix.length, randomEnd));
    },
  });
}

/** Personal access tokens, the secrets people hand to scripts and services. */
export const personalAccessTokenShape = secretShape('lkpat_');
/** The keys the operator's services authenticate to Latchkey with. */
export const serviceKeyShape = secretShape('lksvc_');
