import { type DirectReads, dateFromColumn, directReads } from '../database/direct-reads.js';

export interface StoredToken {
  id: string;
  userId: string;
  scopes: string;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export type FindTokenByDigest = (digest: string) => Promise<StoredToken | null>;

interface TokenRow {
  id: string;
  userId: string;
  scopes: string;
  expiresAt: string | Date;
  revokedAt: string | Date | null;
  lastUsedAt: string | Date | null;
}

const TOKEN_BY_DIGEST =
  'SELECT "id", "userId", "scopes", "expiresAt", "revokedAt", "lastUsedAt" FROM "PersonalAccessToken" WHERE "digest" = ?';

/** The one query on every authenticated request's path that misses the verifier's cache. */
export function createTokenLookup(reads: DirectReads = directReads): FindTokenByDigest {
  return async (digest) => {
    const [row] = await reads.all<TokenRow>(TOKEN_BY_DIGEST, [digest]);
    if (!row) return null;
    return {
      id: row.id,
      userId: row.userId,
      scopes: row.scopes,
      expiresAt: dateFromColumn(row.expiresAt),
      revokedAt: row.revokedAt === null ? null : dateFromColumn(row.revokedAt),
      lastUsedAt: row.lastUsedAt === null ? null : dateFromColumn(row.lastUsedAt),
    };
  };
}
