import { dateFromColumn, type SqlValue } from '../database/direct-reads.js';
import type { PersonalAccessToken } from '../generated/prisma/client.js';

/** A token's row as the Prisma model defines it: the one definition every read of the table goes by. */
export type TokenRow = PersonalAccessToken;
export type TokenColumn = keyof TokenRow;

// 'text' is any value the drivers hand back as it is (text, numbers, enums); dates need converting.
type ColumnKind<T> = [T] extends [Date] ? 'date' : [T] extends [Date | null] ? 'date?' : 'text';

/**
 * Every column of the token table and how a direct read hands it back. Tied to the model: a column added to
 * the schema and missing here, or listed with the wrong kind, fails type-checking.
 */
const TOKEN_COLUMN_KINDS = {
  id: 'text',
  userId: 'text',
  name: 'text',
  description: 'text',
  nameKey: 'text',
  digest: 'text',
  hint: 'text',
  permissions: 'text',
  createdAt: 'date',
  expiresAt: 'date',
  revokedAt: 'date?',
  revocationReason: 'text',
  lastUsedAt: 'date?',
  lastUsedIp: 'text',
  lastUsedService: 'text',
  rotatedAt: 'date?',
  previousDigest: 'text',
  previousSecretValidUntil: 'date?',
  allowedAddresses: 'text',
  refusedAddressCount: 'text',
  rateLimitRequests: 'text',
  rateLimitWindowSeconds: 'text',
  quotaUses: 'text',
  quotaRefill: 'text',
  quotaSince: 'date?',
  pendingApprovalSince: 'date?',
  approvedAt: 'date?',
  approvedByEmail: 'text',
  revocationMessage: 'text',
  createdFromAddress: 'text',
} as const satisfies { [Column in TokenColumn]: ColumnKind<TokenRow[Column]> };

/** Columns in a fixed order, so equal selections make equal statements (and share one prepared statement). */
export const TOKEN_COLUMNS = Object.keys(TOKEN_COLUMN_KINDS) as TokenColumn[];

/** `"id", "name", …`: the SELECT list of these columns. */
export function selectList(columns: readonly TokenColumn[]): string {
  return columns.map((column) => `"${column}"`).join(', ');
}

/** A row read as an array of values (in `columns` order) as the token columns it holds, added to `known`. */
export function decodeTokenRow<Column extends TokenColumn, Known extends Partial<TokenRow> = Record<never, never>>(
  columns: readonly Column[],
  values: readonly SqlValue[],
  known?: Known,
): Pick<TokenRow, Column> & Known {
  const row: Partial<Record<TokenColumn, unknown>> = { ...known };
  for (let index = 0; index < columns.length; index++) {
    const column = columns[index] as Column;
    const value = values[index] ?? null;
    row[column] =
      value !== null && TOKEN_COLUMN_KINDS[column] !== 'text' ? dateFromColumn(value as string | Date) : value;
  }
  return row as Pick<TokenRow, Column> & Known;
}
