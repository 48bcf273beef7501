import type { AuditActor, RequestOrigin } from '../audit/events.js';
import { auditPerson, recordAuditEvent } from '../audit/events.js';
import { normalizeEmail } from '../auth/accounts.js';
import { db, engine } from '../db.js';
import { LastAdministratorError, NotFoundError } from '../errors.js';
import type { AuditAction, Prisma } from '../generated/prisma/client.js';
import { announceTokensInvalidated } from '../tokens/invalidation.js';
import { tokenVerifier } from '../tokens/verification.js';

export interface Administrator {
  id: string;
  email: string;
}

/** Who changes a role: an administrator (through the API) or the operator (from the shell, `administrator` null). */
export interface RoleChanger {
  actor: AuditActor;
  administrator: { userId: string } | null;
  origin: RequestOrigin;
  at: Date;
}

/** An account as a change sees it before changing it. */
export interface AccountRow {
  id: string;
  email: string;
  isAdministrator: boolean;
  lockedAt: Date | null;
}

export interface RoleChange {
  person: Administrator;
  /** False when the person already had the role asked for: nothing was written. */
  changed: boolean;
}

export class AccountNotFoundError extends NotFoundError {
  constructor() {
    super('No account with that email exists.');
  }
}

export function listAdministrators(): Promise<Administrator[]> {
  return db.user.findMany({
    where: { isAdministrator: true },
    select: { id: true, email: true },
    orderBy: { email: 'asc' },
  });
}

/** What a change did to an account, as its audit events say it; null when it found nothing to change. */
export interface AccountChange {
  action: AuditAction;
  /** The administrator's message (a lock's reason). */
  message?: string;
}

/**
 * Changes the account with `email` through `change` (one conditional write, which may throw a typed error to
 * change nothing), audited in the affected person's log and in the acting administrator's, in the same transaction.
 * Every replica then forgets the person's verified tokens, so from the next request on they are judged by the
 * account as it is now (its role, its lock).
 */
export async function changeAccount(
  email: string,
  by: RoleChanger,
  change: (tx: Prisma.TransactionClient, person: AccountRow) => Promise<AccountChange | null>,
): Promise<RoleChange> {
  const outcome = await db.$transaction(async (tx) => {
    const person = await tx.user.findUnique({
      where: { email: normalizeEmail(email) },
      select: { id: true, email: true, isAdministrator: true, lockedAt: true },
    });
    if (!person) throw new AccountNotFoundError();
    const changed = await change(tx, person);
    if (!changed) return { person, changed: false, tokenIds: [] };
    const administrator = by.administrator ? await auditPerson(tx, by.administrator.userId) : null;
    // One row in each log the action belongs to; an administrator changing their own account has one log.
    const logs = new Set([person.id, ...(administrator ? [administrator.userId] : [])]);
    for (const userId of logs) {
      await recordAuditEvent(tx, {
        userId,
        action: changed.action,
        actor: by.actor,
        message: changed.message,
        administration: { administrator, subject: { userId: person.id, email: person.email } },
        origin: by.origin,
        at: by.at,
      });
    }
    const tokens = await tx.personalAccessToken.findMany({ where: { userId: person.id }, select: { id: true } });
    const tokenIds = tokens.map((token) => token.id);
    await announceTokensInvalidated(tx, tokenIds);
    return { person, changed: true, tokenIds };
  });
  tokenVerifier.forgetMany(outcome.tokenIds);
  return { person: { id: outcome.person.id, email: outcome.person.email }, changed: outcome.changed };
}

/**
 * Refuses (LastAdministratorError) when no unlocked administrator but `person` would remain. On PostgreSQL the
 * administrators' rows are locked first, so two administrators removing each other at once cannot both pass.
 */
export async function requireAnotherAdministrator(tx: Prisma.TransactionClient, person: { id: string }): Promise<void> {
  if (engine === 'postgresql')
    await tx.$queryRaw`SELECT "id" FROM "User" WHERE "isAdministrator" ORDER BY "id" FOR UPDATE`;
  const others = await tx.user.count({ where: { isAdministrator: true, lockedAt: null, id: { not: person.id } } });
  if (others === 0) throw new LastAdministratorError();
}

/**
 * Makes the person with `email` an administrator, or stops them being one (changeAccount). Through the API
 * (`by.administrator` set) the last unlocked administrator cannot be removed; the operator's shell may do it.
 */
export function setAdministrator(email: string, isAdministrator: boolean, by: RoleChanger): Promise<RoleChange> {
  return changeAccount(email, by, async (tx, person) => {
    if (!isAdministrator && person.isAdministrator && person.lockedAt === null && by.administrator) {
      await requireAnotherAdministrator(tx, person);
    }
    const { count } = await tx.user.updateMany({
      where: { id: person.id, isAdministrator: !isAdministrator },
      data: { isAdministrator },
    });
    if (count === 0) return null;
    return { action: isAdministrator ? 'ADMINISTRATOR_GRANTED' : 'ADMINISTRATOR_REVOKED' };
  });
}

/** How many administrators could still sign in: the shell warns before it removes the last. */
export function countUnlockedAdministrators(): Promise<number> {
  return db.user.count({ where: { isAdministrator: true, lockedAt: null } });
}
