import type { DirectReads, SqlParameter } from '../database/direct-reads.js';
import { BUILT_IN_SERVICE_ID } from '../permissions/catalogue-file.js';
import { permissionPrefix } from '../tokens/permission-index.js';
import { latchkeyPermissions } from '../tokens/permissions.js';
import { statusClause, type TokenStatus } from '../tokens/status.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Which tokens of every account the administrators' inventory shows (and bulk revocation ends). */
export interface InventoryFilter {
  /** The owner's email, normalised (trimmed, lower-case). */
  ownerEmail?: string;
  /** A catalogue permission (`service:action`) the token holds. */
  permission?: string;
  /** A service some permission of the token is for. */
  service?: string;
  status?: TokenStatus;
  /** Not yet expired, and expiring at most this many days from now. */
  expiringWithinDays?: number;
  /** Neither used nor, when never used, created in the last this many days. */
  unusedForDays?: number;
  /** True: never used; false: used at least once. */
  neverUsed?: boolean;
  /** The address the generating request came from, exactly as recorded. */
  createdFromAddress?: string;
}

/**
 * SQLite plans without statistics (nothing runs ANALYZE) and takes `column IS NULL` on an indexed column for a
 * selective equality, reading most of the table through that index and sorting it. Most tokens are not pending and
 * many were never used, so there the order's own index is the better path (a unary `+` keeps SQLite off the
 * column's index); pending tokens are few, so their index and a sort of the few are (`likelihood`). PostgreSQL
 * plans from its statistics.
 */
function withSqliteHints(sql: string): string {
  return sql
    .replace(/(?<!\+)"(pendingApprovalSince|lastUsedAt)" IS NULL/g, '+"$1" IS NULL')
    .replace('"pendingApprovalSince" IS NOT NULL', 'likelihood("pendingApprovalSince" IS NOT NULL, 0.001)');
}

type Condition = { sql: string; parameters: SqlParameter[] };

const LATCHKEY_PREFIXES = [...new Set(Object.keys(latchkeyPermissions).map(permissionPrefix))];

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

// Conditions on the column itself, not on an expression of it, so that PostgreSQL estimates how many rows match from
// the column's statistics (a few permission sets are most of the table); an expression it guesses rare, and it then
// sorts the whole table instead of reading the order's index.
const WORD_CONDITION = `("permissions" = ? OR "permissions" LIKE ? ESCAPE '\\' OR "permissions" LIKE ? ESCAPE '\\'
  OR "permissions" LIKE ? ESCAPE '\\')`;
const PREFIX_CONDITION = `("permissions" LIKE ? ESCAPE '\\' OR "permissions" LIKE ? ESCAPE '\\')`;

/** Holds `permission` among its space-separated permissions. */
function holdsPermission(permission: string): Condition {
  const word = escapeLike(permission);
  return { sql: WORD_CONDITION, parameters: [permission, `${word} %`, `% ${word}`, `% ${word} %`] };
}

/** Holds some permission named `prefix:…`. */
function holdsPermissionOf(prefix: string): Condition {
  const word = escapeLike(prefix);
  return { sql: PREFIX_CONDITION, parameters: [`${word}:%`, `% ${word}:%`] };
}

/**
 * Up to this many holders, a permission or service is found through TokenPermission's index and its holders sorted
 * (a few thousand rows at most); with more, reading the order's own index and checking `permissions` finds a page
 * sooner. Without the index a permission nobody holds read every token (over a second at a million).
 */
export const FEW_HOLDERS = 10_000;

/**
 * Holds one of these permissions (`column` "permission") or one named after these prefixes ("prefix"): through the
 * index of holders when at most `fewHolders` hold them, else by `permissions` (`wide`). Counting the holders reads at
 * most `fewHolders` + 1 index entries.
 */
async function holdsOneOf(
  column: 'permission' | 'prefix',
  values: string[],
  wide: () => Condition,
  reads: Pick<DirectReads, 'rows'>,
  fewHolders: number,
): Promise<Condition> {
  const holders = `SELECT "tokenId" FROM "TokenPermission" WHERE "${column}" IN (${values.map(() => '?').join(', ')})`;
  const [row] = await reads.rows(`SELECT COUNT(*) FROM (${holders} LIMIT ?) AS "held"`, [...values, fewHolders + 1]);
  // PostgreSQL counts in bigint, which pg reads as text.
  if (Number(row?.[0] ?? 0) > fewHolders) return wide();
  return { sql: `"id" IN (${holders})`, parameters: values };
}

function anyOf(conditions: Condition[]): Condition {
  return { sql: conditions.map((c) => c.sql).join(' OR '), parameters: conditions.flatMap((c) => c.parameters) };
}

/**
 * The WHERE clause (over "PersonalAccessToken", unqualified columns) selecting the filter's tokens at `now`, with its
 * `?` parameters in order. An empty filter selects every token (`1 = 1`). `fewHolders`: see holdsOneOf.
 * Which index serves which condition: docs/administration.md#which-index-serves-which-filter.
 */
export async function inventoryCondition(
  filter: InventoryFilter,
  now: Date,
  reads: Pick<DirectReads, 'dateParameter' | 'engine' | 'rows'>,
  fewHolders = FEW_HOLDERS,
): Promise<Condition> {
  const conditions: string[] = [];
  const parameters: SqlParameter[] = [];
  const date = (moment: Date) => reads.dateParameter(moment);
  const add = (condition: Condition) => {
    conditions.push(condition.sql);
    parameters.push(...condition.parameters);
  };
  if (filter.ownerEmail !== undefined) {
    add({ sql: '"userId" = (SELECT "id" FROM "User" WHERE "email" = ?)', parameters: [filter.ownerEmail] });
  }
  const { permission, service } = filter;
  if (permission !== undefined) {
    add(await holdsOneOf('permission', [permission], () => holdsPermission(permission), reads, fewHolders));
  }
  if (service !== undefined) {
    // Latchkey's own permissions are named after what they open (`tokens:read`), not after the service.
    const prefixes = service === BUILT_IN_SERVICE_ID ? LATCHKEY_PREFIXES : [service];
    add(await holdsOneOf('prefix', prefixes, () => anyOf(prefixes.map(holdsPermissionOf)), reads, fewHolders));
  }
  if (filter.status !== undefined) {
    const status = statusClause(filter.status, date(now));
    conditions.push(reads.engine === 'sqlite' ? withSqliteHints(status.sql) : status.sql);
    parameters.push(...status.parameters);
  }
  if (filter.expiringWithinDays !== undefined) {
    conditions.push('"expiresAt" > ? AND "expiresAt" <= ?');
    parameters.push(date(now), date(new Date(now.getTime() + filter.expiringWithinDays * DAY_MS)));
  }
  if (filter.unusedForDays !== undefined) {
    const cutoff = date(new Date(now.getTime() - filter.unusedForDays * DAY_MS));
    // A token is never used before it was created: the redundant bound on `createdAt` lets a newest-first page
    // start at the cutoff instead of reading past every newer token.
    conditions.push('"createdAt" <= ? AND ("lastUsedAt" <= ? OR "lastUsedAt" IS NULL)');
    parameters.push(cutoff, cutoff);
  }
  if (filter.neverUsed !== undefined) {
    const condition = filter.neverUsed ? '"lastUsedAt" IS NULL' : '"lastUsedAt" IS NOT NULL';
    conditions.push(reads.engine === 'sqlite' ? withSqliteHints(condition) : condition);
  }
  if (filter.createdFromAddress !== undefined) {
    conditions.push('"createdFromAddress" = ?');
    parameters.push(filter.createdFromAddress);
  }
  return { sql: conditions.length === 0 ? '1 = 1' : conditions.map((c) => `(${c})`).join(' AND '), parameters };
}
