import {
  type DirectReads,
  dateFromColumn,
  directReads,
  type SqlParameter,
  type SqlValue,
} from '../database/direct-reads.js';
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

const DATE_COLUMNS = new Set<ListedColumn>(['createdAt', 'expiresAt', 'revokedAt', 'lastUsedAt']);

const columnList = (columns: readonly ListedColumn[]) => ['id', ...columns].map((column) => `"${column}"`).join(', ');

/** A row's values (id, then `columns`) as a token; `userId` is the one the page was asked for. */
function toListedToken(values: SqlValue[], columns: readonly ListedColumn[], userId: string): ListedToken {
  const token: Record<string, unknown> = { id: values[0], userId };
  for (let index = 0; index < columns.length; index++) {
    const column = columns[index] as ListedColumn;
    const value = values[index + 1] ?? null;
    token[column] = value !== null && DATE_COLUMNS.has(column) ? dateFromColumn(value as string | Date) : value;
  }
  return token as unknown as ListedToken;
}

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
  const tokens = (await reads.unchangedRows(sql, parameters)).map((values) =>
    toListedToken(values, columns, request.userId),
  );
  return request.backward ? tokens.reverse() : tokens;
}

/** How many of a person's tokens pass the filters, on all pages. */
export async function countTokens(filters: TokenFilters, reads = directReads): Promise<number> {
  const where = filterClause(filters, reads);
  const [row] = await reads.unchangedRows(
    `SELECT COUNT(*) FROM "PersonalAccessToken" WHERE ${where.sql}`,
    where.parameters,
  );
  // PostgreSQL counts in bigint, which pg reads as text.
  return Number(row?.[0] ?? 0);
}
