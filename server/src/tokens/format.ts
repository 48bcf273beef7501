import { hash, randomBytes } from 'node:crypto';
import {
  base62Alphabet,
  personalAccessTokenShape,
  secretChecksum,
  secretRandomLength,
  secretShape,
} from '@latchkey/rules/secret-format';

// The largest multiple of 62 below 256: bytes at or above it are discarded so every character is equally likely.
const UNBIASED_BYTE_LIMIT = 248;

function randomBase62(length: number): string {
  let result = '';
  while (result.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < UNBIASED_BYTE_LIMIT) result += base62Alphabet[byte % 62];
      if (result.length === length) break;
    }
  }
  return result;
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

/** A kind of secret: its shape (one rule, in @latchkey/rules, shared with @latchkey/verify), how to make one and show one. */
export function secretFormat<Prefix extends string>(prefix: Prefix): SecretFormat<Prefix> {
  const shape = secretShape(prefix);
  return {
    prefix,
    length: shape.length,
    generate() {
      const random = randomBase62(secretRandomLength);
      return prefix + random + secretChecksum(random);
    },
    isWellFormed: shape.isWellFormed,
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

const personalAccessTokenFormat = secretFormat(personalAccessTokenShape.prefix);

export const TOKEN_PREFIX = personalAccessTokenFormat.prefix;
export const TOKEN_LENGTH = personalAccessTokenFormat.length;
export const generateTokenSecret: () => string = personalAccessTokenFormat.generate;
export const isWellFormedToken: (candidate: string) => boolean = personalAccessTokenFormat.isWellFormed;
export const tokenDigest: (secret: string) => string = secretDigest;
export const tokenHint: (secret: string) => string = personalAccessTokenFormat.hint;
