import { hash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// The largest multiple of 62 below 256: bytes at or above it are discarded so every character is equally likely.
const UNBIASED_BYTE_LIMIT = 248;

function randomBase62(length: number): string {
  let result = '';
  while (result.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < UNBIASED_BYTE_LIMIT) result += BASE62[byte % 62];
      if (result.length === length) break;
    }
  }
  return result;
}

function base62Checksum(text: string): string {
  let value = crc32(text);
  let encoded = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    encoded = BASE62[value % 62] + encoded;
    value = Math.floor(value / 62);
  }
  return encoded;
}

/** One kind of secret: a prefix that names the kind, 32 random base62 characters and a 6-character checksum. */
export interface SecretFormat<Prefix extends string = string> {
  readonly prefix: Prefix;
  readonly length: number;
  generate(): string;
  /** True when the string has this kind's shape and its checksum matches; needs no database. */
  isWellFormed(candidate: string): boolean;
  /** What may be shown in place of the secret: the prefix and the last four characters. */
  hint(secret: string): string;
}

// Prefixes go into a regular expression unescaped, so they are held to characters that mean nothing there.
const PREFIX_PATTERN = /^[a-z]+_$/;

export function secretFormat<Prefix extends string>(prefix: Prefix): SecretFormat<Prefix> {
  if (!PREFIX_PATTERN.test(prefix)) throw new Error(`A secret prefix is lower-case letters and a _, not "${prefix}"`);
  const pattern = new RegExp(`^${prefix}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);
  const randomEnd = prefix.length + RANDOM_LENGTH;
  return {
    prefix,
    length: randomEnd + CHECKSUM_LENGTH,
    generate() {
      const random = randomBase62(RANDOM_LENGTH);
      return prefix + random + base62Checksum(random);
    },
    isWellFormed(candidate) {
      if (!pattern.test(candidate)) return false;
      return candidate.slice(-CHECKSUM_LENGTH) === base62Checksum(candidate.slice(prefix.length, randomEnd));
    },
    hint(secret) {
      return `${prefix}…${secret.slice(-4)}`;
    },
  };
}

/** What is stored in place of any secret of a `SecretFormat`; the secret itself is never stored. */
export function secretDigest(secret: string): string {
  // The one-shot `hash` skips the Hash object `createHash` builds: this runs on every authenticated request.
  return hash('sha256', secret, 'hex');
}

const personalAccessTokenFormat = secretFormat('lkpat_');

export const TOKEN_PREFIX = personalAccessTokenFormat.prefix;
export const TOKEN_LENGTH = personalAccessTokenFormat.length;
export const generateTokenSecret: () => string = personalAccessTokenFormat.generate;
export const isWellFormedToken: (candidate: string) => boolean = personalAccessTokenFormat.isWellFormed;
export const tokenDigest: (secret: string) => string = secretDigest;
export const tokenHint: (secret: string) => string = personalAccessTokenFormat.hint;
