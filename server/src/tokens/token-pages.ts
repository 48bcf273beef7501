import { type DirectReads, dateFromColumn, directReads, type SqlParameter } from '../database/direct-reads.js';
import type { PersonalAccessToken } from '../generated/prisma/client.js';
import { TokenStatus } from './status.js';

/** A token as lists show it: every column but the digest, which nothing reads back. */
export type ListedToken = Omit<PersonalAccessToken, 'digest'>;

export interface TokenFilters {
  userId: string;
  status?: TokenStatus | null;
  /** Lower-cased text the name must contain. */
  search?: string;
  /** The moment statuses are judged at. */
  now: Date;
}

export interface TokenPageRequest extends TokenFilters {
  /** The id of the viewer's row to page from (excluded); a row of anyone else's gives an empty page. */
  cursorId?: string;
  /** Rows wanted, in list order (newest first) from the cursor, or towards the newest when `backward`. */
  limit: number;
  backward: boolean;
}

type DateColumn = string | Date;

interface TokenRow extends Omit<ListedToken, 'createdAt' | 'expiresAt' | 'revokedAt' | 'lastUsedAt'> {
  createdAt: DateColumn;
  expiresAt: DateColumn;
  revokedAt: DateColumn | null;
  lastUsedAt: DateColumn | null;
}

const COLUMNS =
  '"id", "userId", "name", "nameKey", "hint", "scopes", "createdAt", "expiresAt", "revokedAt", ' +
  '"revocationReason", "lastUsedAt", "lastUsedIp"';

// Every page reads the `(userId, createdAt, id)` index in order: newest first, the id breaking ties.
const CURSOR_ROW = '(SELECT "createdAt", "id" FROM "PersonalAccessToken" WHERE "id" = ? AND "userId" = ?)';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/** The WHERE clause of a filtered list, with its parameters in order. */
function filterClause(filters: TokenFilters, reads: DirectReads): { sql: string; parameters: SqlParameter[] } {
  const conditions = ['"userId" = ?'];
  const parameters: SqlParameter[] = [filters.userId];
  if (filters.status) {
    const now = reads.dateParameter(filters.now);
    // The same rule as `tokenStatus`: expiry wins over revocation.
    if (filters.status === TokenStatus.EXPIRED) conditions.push('"expiresAt" <= ?');
    else if (filters.status === TokenStatus.REVOKED) conditions.push('"expiresAt" > ? AND "revokedAt" IS NOT NULL');
    else conditions.push('"expiresAt" > ? AND "revokedAt" IS NULL');
    parameters.push(now);
  }
  if (filters.search) {
    conditions.push(`"nameKey" LIKE ? ESCAPE '\\'`);
    parameters.push(`%${escapeLike(filters.search)}%`);
  }
  return { sql: conditions.join(' AND '), parameters };
}

function toListedToken(row: TokenRow): ListedToken {
  return {
    ...row,
    createdAt: dateFromColumn(row.createdAt),
    expiresAt: dateFromColumn(row.expiresAt),
    revokedAt: row.revokedAt === null ? null : dateFromColumn(row.revokedAt),
    lastUsedAt: row.lastUsedAt === null ? null : dateFromColumn(row.lastUsedAt),
  };
}

/**
 * One page of a person's tokens, newest first, in one prepared statement. A backward page comes back in
 * list order too.
 */
export async function findTokenPage(request: TokenPageRequest, reads = directReads): Promise<ListedToken[]> {
  const where = filterClause(request, reads);
  const parameters = [...where.parameters];
  let sql = `SELECT ${COLUMNS} FROM "PersonalAccessToken" WHERE ${where.sql}`;
  if (request.cursorId !== undefined) {
    sql += ` AND ("createdAt", "id") ${request.backward ? '>' : '<'} ${CURSOR_ROW}`;
    parameters.push(request.cursorId, request.userId);
  }
  sql += request.backward
    ? ' ORDER BY "createdAt" ASC, "id" ASC LIMIT ?'
    : ' ORDER BY "createdAt" DESC, "id" DESC LIMIT ?';
  parameters.push(request.limit);
  const rows = (await reads.all<TokenRow>(sql, parameters)).map(toListedToken);
  return request.backward ? rows.reverse() : rows;
}

/** How many of a person's tokens pass the filters, on all pages. */
export async function countTokens(filters: TokenFilters, reads = directReads): Promise<number> {
  const where = filterClause(filters, reads);
  const [row] = await reads.all<{ count: number | string }>(
    `SELECT COUNT(*) AS "count" FROM "PersonalAccessToken" WHERE ${where.sql}`,
    where.parameters,
  );
  // PostgreSQL counts in bigint, which pg reads as text.
  return Number(row?.count ?? 0);
}
