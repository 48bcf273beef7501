import { type DirectReads, directReads, type SqlParameter } from '../database/direct-reads.js';
import { statusClause, type TokenStatus } from './status.js';
import { decodeTokenRow, selectList, TOKEN_COLUMNS, type TokenColumn, type TokenRow } from './token-row.js';

/** The columns a list can show: every one but the digests, which nothing reads back. */
export type ListedColumn = Exclude<TokenColumn, 'digest' | 'previousDigest'>;
export const LISTED_COLUMNS = TOKEN_COLUMNS.filter(
  (column): column is ListedColumn => column !== 'digest' && column !== 'previousDigest',
);

/** A token as a page holds it: its id, its owner, and the columns the page was asked for. */
export type ListedToken<Column extends ListedColumn = ListedColumn> = Pick<TokenRow, 'id' | Column> &
  Pick<TokenRow, 'userId'>;

export interface TokenFilters {
  userId: string;
  status?: TokenStatus | null;
  /** Lower-cased text the name must contain. */
  search?: string;
  /** The moment statuses are judged at. */
  now: Date;
}

export interface TokenPageRequest<Column extends ListedColumn> extends TokenFilters {
  /** The id of the viewer's row to page from (excluded); a row of anyone else's gives an empty page. */
  cursorId?: string;
  /** Rows wanted, in list order (newest first) from the cursor, or towards the newest when `backward`. */
  limit: number;
  backward: boolean;
  /** Read only these (besides `id` and `userId`): each column costs time to read and convert. */
  columns: readonly Column[];
}

// Every page reads the `(userId, createdAt, id)` index in order: newest first, the id breaking ties.
const CURSOR_ROW = '(SELECT "createdAt", "id" FROM "PersonalAccessToken" WHERE "id" = ? AND "userId" = ?)';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/** The WHERE clause of a filtered list, with its parameters in order. */
function filterClause(filters: TokenFilters, reads: DirectReads): { sql: string; parameters: SqlParameter[] } {
  const conditions = ['"userId" = ?'];
  const parameters: SqlParameter[] = [filters.userId];
  if (filters.status) {
    const status = statusClause(filters.status, reads.dateParameter(filters.now));
    conditions.push(status.sql);
    parameters.push(...status.parameters);
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
export async function findTokenPage<Column extends ListedColumn>(
  request: TokenPageRequest<Column>,
  reads = directReads,
): Promise<ListedToken<Column>[]> {
  const where = filterClause(request, reads);
  const parameters = [...where.parameters];
  // `userId` is the one the page was asked for: reading it back would only cost time.
  const columns = ['id', ...request.columns] as const;
  let sql = `SELECT ${selectList(columns)} FROM "PersonalAccessToken" WHERE ${where.sql}`;
  if (request.cursorId !== undefined) {
    sql += ` AND ("createdAt", "id") ${request.backward ? '>' : '<'} ${CURSOR_ROW}`;
    parameters.push(request.cursorId, request.userId);
  }
  sql += request.backward
    ? ' ORDER BY "createdAt" ASC, "id" ASC LIMIT ?'
    : ' ORDER BY "createdAt" DESC, "id" DESC LIMIT ?';
  parameters.push(request.limit);
  const tokens = (await reads.unchangedRows(sql, parameters)).map((values) =>
    decodeTokenRow<'id' | Column, Pick<TokenRow, 'userId'>>(columns, values, { userId: request.userId }),
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
