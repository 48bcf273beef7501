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

const TOKEN_BY_DIGEST =
  'SELECT "id", "userId", "scopes", "expiresAt", "revokedAt", "lastUsedAt" FROM "PersonalAccessToken" WHERE "digest" = ?';

type TokenRow = [string, string, string, string | Date, string | Date | null, string | Date | null];

/** The one query on every authenticated request's path that misses the verifier's cache. */
export function createTokenLookup(reads: DirectReads = directReads): FindTokenByDigest {
  return async (digest) => {
    const [row] = (await reads.rows(TOKEN_BY_DIGEST, [digest])) as TokenRow[];
    if (!row) return null;
    const [id, userId, scopes, expiresAt, revokedAt, lastUsedAt] = row;
    return {
      id,
      userId,
      scopes,
      expiresAt: dateFromColumn(expiresAt),
      revokedAt: revokedAt === null ? null : dateFromColumn(revokedAt),
      lastUsedAt: lastUsedAt === null ? null : dateFromColumn(lastUsedAt),
    };
  };
}
