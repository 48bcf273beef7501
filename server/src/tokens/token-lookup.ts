import { type DirectReads, directReads } from '../database/direct-reads.js';
import { decodeTokenRow, selectList, type TokenColumn, type TokenRow } from './token-row.js';

/** What verification needs of a token. */
const LOOKUP_COLUMNS = [
  'id',
  'userId',
  'permissions',
  'createdAt',
  'expiresAt',
  'revokedAt',
  'lastUsedAt',
] as const satisfies readonly TokenColumn[];

export type StoredToken = Pick<TokenRow, (typeof LOOKUP_COLUMNS)[number]> & { ownerEmail: string };

export type FindTokenByDigest = (digest: string) => Promise<StoredToken | null>;

// The owner's email rides along (a primary-key read): services may be told it, and it never changes.
const TOKEN_BY_DIGEST =
  `SELECT ${selectList(LOOKUP_COLUMNS)}, ` +
  '(SELECT "email" FROM "User" WHERE "User"."id" = "PersonalAccessToken"."userId") ' +
  'FROM "PersonalAccessToken" WHERE "digest" = ?';

/** The one query on every authenticated request's path that misses the verifier's cache. */
export function createTokenLookup(reads: DirectReads = directReads): FindTokenByDigest {
  return async (digest) => {
    const [values] = await reads.rows(TOKEN_BY_DIGEST, [digest]);
    if (!values) return null;
    return { ...decodeTokenRow(LOOKUP_COLUMNS, values), ownerEmail: String(values[LOOKUP_COLUMNS.length]) };
  };
}
