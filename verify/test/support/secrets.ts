import { randomBytes } from 'node:crypto';
import { base62Alphabet, secretChecksum } from '@latchkey/rules/secret-format';

function randomPart(): string {
  return [...randomBytes(32)].map((byte) => base62Alphabet[byte % 62]).join('');
}

/** A well-formed personal access token (right shape and checksum) that Latchkey never issued. */
export function wellFormedToken(): string {
  const random = randomPart();
  return `lkpat_${random}${secretChecksum(random)}`;
}

export function wellFormedServiceKey(): string {
  const random = randomPart();
  return `lksvc_${random}${secretChecksum(random)}`;
}
