import { hash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const TOKEN_PREFIX = 'lkpat_';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
export const TOKEN_LENGTH = TOKEN_PREFIX.length + RANDOM_LENGTH + CHECKSUM_LENGTH;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// The largest multiple of 62 below 256: bytes at or above it are discarded so every character is equally likely.
const UNBIASED_BYTE_LIMIT = 248;
const TOKEN_PATTERN = /^lkpat_[0-9A-Za-z]{38}$/;

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

export function generateTokenSecret(): string {
  const random = randomBase62(RANDOM_LENGTH);
  return TOKEN_PREFIX + random + base62Checksum(random);
}

/** True when the string has the token shape and its checksum matches; needs no database. */
export function isWellFormedToken(candidate: string): boolean {
  if (!TOKEN_PATTERN.test(candidate)) return false;
  const random = candidate.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + RANDOM_LENGTH);
  return candidate.slice(-CHECKSUM_LENGTH) === base62Checksum(random);
}

export function tokenDigest(secret: string): string {
  // The one-shot `hash` skips the Hash object `createHash` builds: this runs on every authenticated request.
  return hash('sha256', secret, 'hex');
}

export function tokenHint(secret: string): string {
  return `${TOKEN_PREFIX}…${secret.slice(-4)}`;
}
