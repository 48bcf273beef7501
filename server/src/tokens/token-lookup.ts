import { type DirectReads, directReads } from '../database/direct-reads.js';
import type { ControlColumns } from './controls.js';
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
  'digest',
  'previousSecretValidUntil',
  'allowedAddresses',
  'rateLimitRequests',
  'rateLimitWindowSeconds',
  'quotaUses',
  'quotaRefill',
  'quotaSince',
  'pendingApprovalSince',
] as const satisfies readonly TokenColumn[];

/** A token as one of its secrets finds it: `expiresAt` is when that secret stops working. */
export type StoredToken = Pick<
  TokenRow,
  | 'id'
  | 'userId'
  | 'permissions'
  | 'createdAt'
  | 'expiresAt'
  | 'revokedAt'
  | 'lastUsedAt'
  | 'pendingApprovalSince'
  | keyof ControlColumns
> & { ownerEmail: string; ownerIsAdministrator: boolean; ownerLocked: boolean };

export type FindTokenByDigest = (digest: string, now: Date) => Promise<StoredToken | null>;

// The owner's email, role and lock ride along (primary-key reads): services may be told the email, the role decides
// whether `admin:*` grant anything, and a locked account's tokens authenticate nothing; a change of role or lock
// makes the verifier forget the owner's tokens.
// A secret a rotation replaced finds its token only until its overlap ends (both digests are indexed).
const TOKEN_BY_DIGEST =
  `SELECT ${selectList(LOOKUP_COLUMNS)}, ` +
  '(SELECT "email" FROM "User" WHERE "User"."id" = "PersonalAccessToken"."userId"), ' +
  '(SELECT "isAdministrator" FROM "User" WHERE "User"."id" = "PersonalAccessToken"."userId"), ' +
  '(SELECT "lockedAt" IS NOT NULL FROM "User" WHERE "User"."id" = "PersonalAccessToken"."userId") ' +
  'FROM "PersonalAccessToken" WHERE "digest" = ? OR ("previousDigest" = ? AND "previousSecretValidUntil" > ?)';

/** The one query on every authenticated request's path that misses the verifier's cache. */
export function createTokenLookup(reads: DirectReads = directReads): FindTokenByDigest {
  return async (digest, now) => {
    const [values] = await reads.rows(TOKEN_BY_DIGEST, [digest, digest, reads.dateParameter(now)]);
    if (!values) return null;
    const { digest: current, previousSecretValidUntil, ...token } = decodeTokenRow(LOOKUP_COLUMNS, values);
    // The replaced secret is a token of its own that expires when its overlap ends.
    const expiresAt =
      current === digest || !previousSecretValidUntil || previousSecretValidUntil > token.expiresAt
        ? token.expiresAt
        : previousSecretValidUntil;
    return {
      ...token,
      expiresAt,
      ownerEmail: String(values[LOOKUP_COLUMNS.length]),
      // SQLite stores booleans as 0 and 1; PostgreSQL reads them as booleans.
      ownerIsAdministrator: Boolean(values[LOOKUP_COLUMNS.length + 1]),
      ownerLocked: Boolean(values[LOOKUP_COLUMNS.length + 2]),
    };
  };
}
