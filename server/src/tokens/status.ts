import { Prisma } from '../generated/prisma/client.js';

export const TokenStatus = {
  PENDING: 'PENDING',
  ACTIVE: 'ACTIVE',
  REVOKED: 'REVOKED',
  EXPIRED: 'EXPIRED',
} as const;
export type TokenStatus = (typeof TokenStatus)[keyof typeof TokenStatus];

interface TokenTimes {
  expiresAt: Date;
  revokedAt: Date | null;
  pendingApprovalSince: Date | null;
}

// The one rule for where a token is in its life, in each language that asks: TypeScript, SQL and Prisma.
// A token waiting for approval is pending whatever its provisional expiry says (its lifetime counts from approval;
// a pending token is never revoked: denying or revoking it ends the wait). Otherwise expiry wins over revocation:
// an expired token is expired whatever else happened to it. test/token-status.test.ts runs all three over the same
// rows.

/** From its expiry instant on, a token is expired. */
export function hasExpired(expiresAt: Date, now: Date): boolean {
  return expiresAt.getTime() <= now.getTime();
}

export function tokenStatus(token: TokenTimes, now: Date): TokenStatus {
  if (token.pendingApprovalSince) return TokenStatus.PENDING;
  if (hasExpired(token.expiresAt, now)) return TokenStatus.EXPIRED;
  if (token.revokedAt) return TokenStatus.REVOKED;
  return TokenStatus.ACTIVE;
}

/** Whether the token authenticates requests at `now`. */
export function isUsable(token: TokenTimes, now: Date): boolean {
  return tokenStatus(token, now) === TokenStatus.ACTIVE;
}

/** SQL conditions for each status, with `?` placeholders for the moment statuses are judged at. */
export const STATUS_CONDITION: Record<TokenStatus, string> = {
  PENDING: '"pendingApprovalSince" IS NOT NULL',
  ACTIVE: '"expiresAt" > ? AND "revokedAt" IS NULL AND "pendingApprovalSince" IS NULL',
  REVOKED: '"expiresAt" > ? AND "revokedAt" IS NOT NULL',
  EXPIRED: '"expiresAt" <= ? AND "pendingApprovalSince" IS NULL',
};

/** `STATUS_CONDITION[status]` and its parameters, each `?` bound to `now` as the engine's driver wants it. */
export function statusClause<Now>(status: TokenStatus, now: Now): { sql: string; parameters: Now[] } {
  const sql = STATUS_CONDITION[status];
  return { sql, parameters: Array.from(sql.matchAll(/\?/g), () => now) };
}

/** `STATUS_CONDITION[status]` for Prisma's raw queries, its placeholders bound to `now` (an SQL expression). */
export function statusCondition(status: TokenStatus, now: Prisma.Sql): Prisma.Sql {
  const parts = STATUS_CONDITION[status].split('?');
  return Prisma.sql(parts, ...parts.slice(1).map(() => now));
}

/** Prisma's `where` for tokens usable at `now`. */
export function usableAt(now: Date) {
  return { revokedAt: null, pendingApprovalSince: null, expiresAt: { gt: now } };
}
