import { db, engine } from '../db.js';
import { ValidationError } from '../errors.js';
import { Prisma } from '../generated/prisma/client.js';
import { statusCondition } from '../tokens/status.js';
import { changeAccount, type RoleChange, type RoleChanger, requireAnotherAdministrator } from './administrators.js';

/** An account as the administrators' list shows it. */
export interface AccountSummary {
  id: string;
  email: string;
  createdAt: Date;
  lastSignInAt: Date | null;
  isAdministrator: boolean;
  lockedAt: Date | null;
  lockedReason: string | null;
  /** Tokens that authenticate requests now (their owner's lock aside). */
  activeTokenCount: number;
  /** Every token the account holds, whatever its status. */
  tokenCount: number;
}

/** One page of accounts by email: after `after` (or before `before`, read backwards when `inverted`). */
export interface AccountPage {
  search?: string;
  after?: string;
  before?: string;
  limit: number;
  inverted: boolean;
}

export const MAX_LOCK_REASON_LENGTH = 500;

const ACCOUNT_COLUMNS = {
  id: true,
  email: true,
  createdAt: true,
  lastSignInAt: true,
  isAdministrator: true,
  lockedAt: true,
  lockedReason: true,
} as const satisfies Prisma.UserSelect;

/** Emails are stored lower-cased, so a search is too. */
export function accountSearchText(search: string | null | undefined): string | undefined {
  const text = search?.trim().toLowerCase();
  return text ? text : undefined;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/** Ids first, by a LIKE that escapes the search (Prisma's `contains` leaves `_` and `%` as wildcards). */
export async function findAccounts(page: AccountPage, now: Date): Promise<AccountSummary[]> {
  const conditions = [
    ...(page.search ? [Prisma.sql`"email" LIKE ${`%${escapeLike(page.search)}%`} ESCAPE '\\'`] : []),
    ...(page.after ? [Prisma.sql`"email" > ${page.after}`] : []),
    ...(page.before ? [Prisma.sql`"email" < ${page.before}`] : []),
  ];
  const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "User" ${where} ORDER BY "email" ${Prisma.raw(page.inverted ? 'DESC' : 'ASC')} LIMIT ${page.limit}`;
  const accounts = await db.user.findMany({ where: { id: { in: ids.map(({ id }) => id) } }, select: ACCOUNT_COLUMNS });
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const ordered = ids.flatMap(({ id }) => byId.get(id) ?? []);
  return withTokenCounts(ordered, now);
}

export async function findAccount(id: string, now: Date): Promise<AccountSummary> {
  const account = await db.user.findUniqueOrThrow({ where: { id }, select: ACCOUNT_COLUMNS });
  const [summary] = await withTokenCounts([account], now);
  return summary as AccountSummary;
}

/** A date as the engine compares it with its DateTime columns (Prisma's text on SQLite). */
function dateValue(date: Date): Prisma.Sql {
  return engine === 'postgresql'
    ? Prisma.sql`${date.toISOString()}::timestamp(3)`
    : Prisma.sql`${date.toISOString().replace('Z', '+00:00')}`;
}

/** The accounts' token counts in one grouped query, however many accounts the page holds. */
async function withTokenCounts<T extends { id: string }>(
  accounts: T[],
  now: Date,
): Promise<(T & { activeTokenCount: number; tokenCount: number })[]> {
  if (accounts.length === 0) return [];
  const counts = await db.$queryRaw<{ userId: string; total: bigint | number; active: bigint | number | null }[]>`
    SELECT "userId", COUNT(*) AS "total",
      SUM(CASE WHEN ${statusCondition('ACTIVE', dateValue(now))} THEN 1 ELSE 0 END) AS "active"
    FROM "PersonalAccessToken"
    WHERE "userId" IN (${Prisma.join(accounts.map((account) => account.id))})
    GROUP BY "userId"`;
  const byUser = new Map(counts.map((row) => [row.userId, row]));
  return accounts.map((account) => {
    const row = byUser.get(account.id);
    return { ...account, activeTokenCount: Number(row?.active ?? 0), tokenCount: Number(row?.total ?? 0) };
  });
}

export function checkedLockReason(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw ValidationError.forField(['input', 'reason'], 'Say why: the person sees it when they sign in.');
  if ([...trimmed].length > MAX_LOCK_REASON_LENGTH) {
    throw ValidationError.forField(['input', 'reason'], `A reason is at most ${MAX_LOCK_REASON_LENGTH} characters.`);
  }
  return trimmed;
}

/**
 * Locks the account: its sessions are deleted and every replica forgets its tokens, which the verifier then refuses
 * while the lock lasts (they are not revoked, so unlocking restores them). An administrator keeps the role while
 * locked but can use nothing; nobody may lock themselves, nor the last administrator who can sign in.
 */
export function lockAccount(email: string, reason: string, by: RoleChanger): Promise<RoleChange> {
  const lockedReason = checkedLockReason(reason);
  return changeAccount(email, by, async (tx, person) => {
    if (person.id === by.administrator?.userId) {
      throw ValidationError.forField(['input', 'email'], 'You cannot lock your own account.');
    }
    if (person.isAdministrator && person.lockedAt === null) await requireAnotherAdministrator(tx, person);
    const { count } = await tx.user.updateMany({
      where: { id: person.id, lockedAt: null },
      data: { lockedAt: by.at, lockedReason },
    });
    if (count === 0) return null;
    await tx.session.deleteMany({ where: { userId: person.id } });
    return { action: 'ACCOUNT_LOCKED', message: lockedReason };
  });
}

/** Lifts a lock: the person may sign in again and their tokens (never revoked by the lock) work again. */
export function unlockAccount(email: string, by: RoleChanger): Promise<RoleChange> {
  return changeAccount(email, by, async (tx, person) => {
    const { count } = await tx.user.updateMany({
      where: { id: person.id, lockedAt: { not: null } },
      data: { lockedAt: null, lockedReason: null },
    });
    return count === 0 ? null : { action: 'ACCOUNT_UNLOCKED' };
  });
}
