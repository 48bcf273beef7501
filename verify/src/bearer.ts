import { personalAccessTokenShape } from '@latchkey/rules/secret-format';

const BEARER = /^bearer +([^ ]+) *$/i;

/**
 * The token secret in an `Authorization: Bearer …` value (RFC 6750), or the value itself when it is a bare
 * secret; null when neither is a well-formed Latchkey token (wrong shape or checksum), so a typo or a forged
 * secret never costs a request to Latchkey.
 */
export function wellFormedSecret(authorizationOrSecret: string | null | undefined): string | null {
  if (!authorizationOrSecret) return null;
  const secret = authorizationOrSecret.startsWith(personalAccessTokenShape.prefix)
    ? authorizationOrSecret
    : BEARER.exec(authorizationOrSecret)?.[1];
  return secret !== undefined && personalAccessTokenShape.isWellFormed(secret) ? secret : null;
}
