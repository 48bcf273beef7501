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

/** Prisma-free description of the rows in each status, for filtering lists in the database. */
export function statusCondition(status: TokenStatus, now: Date) {
  switch (status) {
    case TokenStatus.EXPIRED:
      return { expiresAt: { lte: now } };
    case TokenStatus.REVOKED:
      return { expiresAt: { gt: now }, revokedAt: { not: null } };
    case TokenStatus.ACTIVE:
      return { expiresAt: { gt: now }, revokedAt: null };
  }
}
