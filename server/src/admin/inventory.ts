import { type DirectReads, directReads, type SqlParameter, type SqlValue } from '../database/direct-reads.js';
import { decodeTokenRow, selectList, type TokenRow } from '../tokens/token-row.js';
import { type InventoryFilter, inventoryCondition } from './inventory-filter.js';

export const InventoryOrderField = {
  CREATED_AT: 'createdAt',
  EXPIRES_AT: 'expiresAt',
  LAST_USED_AT: 'lastUsedAt',
} as const;
export type InventoryOrderField = keyof typeof InventoryOrderField;
export type OrderDirection = 'ASC' | 'DESC';

export interface InventoryOrder {
  field: InventoryOrderField;
  direction: OrderDirection;
}

/** Where a page starts: after the row with this sort value (null: one never used) and id. */
export interface InventoryCursor {
  value: Date | null;
  id: string;
}

const INVENTORY_COLUMNS = [
  'id',
  'userId',
  'name',
  'hint',
  'permissions',
  'createdAt',
  'expiresAt',
  'revokedAt',
  'revocationReason',
  'revocationMessage',
  'lastUsedAt',
  'lastUsedIp',
  'lastUsedService',
  'pendingApprovalSince',
  'approvedAt',
  'approvedByEmail',
  'createdFromAddress',
] as const satisfies readonly (keyof TokenRow)[];

/** A token as the inventory lists it: its columns but the secrets' digests, and its owner's email. */
export type InventoryToken = Pick<TokenRow, (typeof INVENTORY_COLUMNS)[number]> & { ownerEmail: string };

export interface InventoryPageRequest {
  filter: InventoryFilter;
  order: InventoryOrder;
  after?: InventoryCursor;
  limit: number;
  /** The moment statuses and day counts are judged at. */
  now: Date;
  /** Holders of the filter's permission or service up to which their own index is read (inventory-filter.ts). */
  fewHolders?: number;
}

const OWNER_EMAIL = '(SELECT "email" FROM "User" WHERE "User"."id" = "PersonalAccessToken"."userId")';

/** The value a row sorts by under `order`, for its cursor. */
export function sortValueOf(token: InventoryToken, order: InventoryOrder): Date | null {
  return token[InventoryOrderField[order.field]];
}

/**
 * One page of every account's tokens matching the filter, in `order` with the id breaking ties, from after the
 * cursor: keyset paging on the order's `(column, id)` index, never an OFFSET. Tokens never used come after every
 * used one in both directions of `LAST_USED_AT`: they are read as a second segment, by id.
 */
export async function findInventoryPage(
  request: InventoryPageRequest,
  reads: DirectReads = directReads,
): Promise<InventoryToken[]> {
  const column = InventoryOrderField[request.order.field];
  const nullable = column === 'lastUsedAt';
  const direction = request.order.direction;
  const comparison = direction === 'DESC' ? '<' : '>';
  const where = await inventoryCondition(request.filter, request.now, reads, request.fewHolders);
  const select = `SELECT ${selectList(INVENTORY_COLUMNS)}, ${OWNER_EMAIL} FROM "PersonalAccessToken" WHERE ${where.sql}`;

  const read = async (sql: string, parameters: SqlParameter[], limit: number) =>
    (await reads.rows(`${sql} LIMIT ?`, [...parameters, limit])).map(decodeInventoryRow);

  const tokens: InventoryToken[] = [];
  if (!(nullable && request.after && request.after.value === null)) {
    let sql = `${select}${nullable ? ` AND "${column}" IS NOT NULL` : ''}`;
    const parameters = [...where.parameters];
    if (request.after?.value) {
      sql += ` AND ("${column}", "id") ${comparison} (?, ?)`;
      parameters.push(reads.dateParameter(request.after.value), request.after.id);
    }
    sql += ` ORDER BY "${column}" ${direction}, "id" ${direction}`;
    tokens.push(...(await read(sql, parameters, request.limit)));
  }
  if (nullable && tokens.length < request.limit) {
    let sql = `${select} AND "${column}" IS NULL`;
    const parameters = [...where.parameters];
    if (request.after && request.after.value === null) {
      sql += ` AND "id" ${comparison} ?`;
      parameters.push(request.after.id);
    }
    sql += ` ORDER BY "id" ${direction}`;
    tokens.push(...(await read(sql, parameters, request.limit - tokens.length)));
  }
  return tokens;
}

function decodeInventoryRow(values: SqlValue[]): InventoryToken {
  const token = decodeTokenRow(INVENTORY_COLUMNS, values);
  return { ...token, ownerEmail: String(values[INVENTORY_COLUMNS.length]) };
}

/** Counting stops here: past it the inventory says "more than", so a count never reads a million rows. */
export const INVENTORY_COUNT_LIMIT = 1_000;

/** How many tokens match the filter, up to `limit`; `atLeast` when there are more. */
export async function countInventory(
  filter: InventoryFilter,
  now: Date,
  limit = INVENTORY_COUNT_LIMIT,
  reads: DirectReads = directReads,
): Promise<{ count: number; atLeast: boolean }> {
  const where = await inventoryCondition(filter, now, reads);
  const [row] = await reads.rows(
    `SELECT COUNT(*) FROM (SELECT 1 FROM "PersonalAccessToken" WHERE ${where.sql} LIMIT ?) AS "matching"`,
    [...where.parameters, limit + 1],
  );
  // PostgreSQL counts in bigint, which pg reads as text.
  const count = Number(row?.[0] ?? 0);
  return count > limit ? { count: limit, atLeast: true } : { count, atLeast: false };
}
