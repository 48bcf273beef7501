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
  /** Read only these (besides `id` and `userId`): each column costs time to read and convert. */
  columns?: readonly ListedColumn[];
}

type DateColumn = string | Date;

type DateColumnName = 'createdAt' | 'expiresAt' | 'revokedAt' | 'lastUsedAt';
type TokenRow = Omit<ListedToken, DateColumnName> & Record<DateColumnName, DateColumn | null>;

/** The columns a list can show. */
export const LISTED_COLUMNS = [
  'name',
  'nameKey',
  'hint',
  'scopes',
  'createdAt',
  'expiresAt',
  'revokedAt',
  'revocationReason',
  'lastUsedAt',
  'lastUsedIp',
] as const satisfies readonly (keyof ListedToken)[];
export type ListedColumn = (typeof LISTED_COLUMNS)[number];

const columnList = (columns: readonly ListedColumn[]) =>
  ['id', 'userId', ...columns].map((column) => `"${column}"`).join(', ');

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

const DATE_COLUMNS: readonly DateColumnName[] = ['createdAt', 'expiresAt', 'revokedAt', 'lastUsedAt'];

/** Converts the date columns that were read; the others stay absent. */
function withDates(row: TokenRow, dateColumns: readonly DateColumnName[]): ListedToken {
  const token = row as unknown as Record<DateColumnName, Date | null>;
  for (const column of dateColumns) {
    const value = row[column];
    token[column] = value === null ? null : dateFromColumn(value);
  }
  return token as unknown as ListedToken;
}

/**
 * One page of a person's tokens, newest first, in one prepared statement. A backward page comes back in
 * list order too. With `columns`, the tokens hold only those columns (and `id`, `userId`).
 */
export async function findTokenPage(request: TokenPageRequest, reads = directReads): Promise<ListedToken[]> {
  const where = filterClause(request, reads);
  const parameters = [...where.parameters];
  const columns = request.columns ?? LISTED_COLUMNS;
  let sql = `SELECT ${columnList(columns)} FROM "PersonalAccessToken" WHERE ${where.sql}`;
  if (request.cursorId !== undefined) {
    sql += ` AND ("createdAt", "id") ${request.backward ? '>' : '<'} ${CURSOR_ROW}`;
    parameters.push(request.cursorId, request.userId);
  }
  sql += request.backward
    ? ' ORDER BY "createdAt" ASC, "id" ASC LIMIT ?'
    : ' ORDER BY "createdAt" DESC, "id" DESC LIMIT ?';
  parameters.push(request.limit);
  const dateColumns = DATE_COLUMNS.filter((column) => columns.includes(column));
  const rows = (await reads.all<TokenRow>(sql, parameters)).map((row) => withDates(row, dateColumns));
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
