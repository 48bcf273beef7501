export const TokenStatus = {
  ACTIVE: 'ACTIVE',
  REVOKED: 'REVOKED',
  EXPIRED: 'EXPIRED',
} as const;
export type TokenStatus = (typeof TokenStatus)[keyof typeof TokenStatus];

interface TokenTimes {
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Expiry wins over revocation: an expired token is expired whatever else happened to it. */
export function tokenStatus(token: TokenTimes, now: Date): TokenStatus {
  if (token.expiresAt.getTime() <= now.getTime()) return TokenStatus.EXPIRED;
  if (token.revokedAt) return TokenStatus.REVOKED;
  return TokenStatus.ACTIVE;
}
