import type { AuditActor, AuditPerson, RequestOrigin } from '../audit/events.js';
import { recordAuditEvent } from '../audit/events.js';
import { normalizeEmail } from '../auth/accounts.js';
import { db } from '../db.js';
import { NotFoundError } from '../errors.js';
import { announceTokenInvalidated } from '../tokens/invalidation.js';
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

/**
 * Makes the person with `email` an administrator, or stops them being one: one conditional write, audited in
 * the affected person's log and in the acting administrator's, in the same transaction. Every replica forgets
 * the person's verified tokens, so from the next request on their `admin:*` grant what the new role allows.
 */
export async function setAdministrator(email: string, isAdministrator: boolean, by: RoleChanger): Promise<RoleChange> {
  const outcome = await db.$transaction(async (tx) => {
    const person = await tx.user.findUnique({
      where: { email: normalizeEmail(email) },
      select: { id: true, email: true },
    });
    if (!person) throw new AccountNotFoundError();
    const { count } = await tx.user.updateMany({
      where: { id: person.id, isAdministrator: !isAdministrator },
      data: { isAdministrator },
    });
    if (count === 0) return { person, changed: false, tokenIds: [] };
    const administrator: AuditPerson | null = by.administrator
      ? {
          userId: by.administrator.userId,
          email: (await tx.user.findUniqueOrThrow({ where: { id: by.administrator.userId }, select: { email: true } }))
            .email,
        }
      : null;
    // One row in each log the action belongs to; an administrator revoking their own role has one log.
    const logs = new Set([person.id, ...(administrator ? [administrator.userId] : [])]);
    for (const userId of logs) {
      await recordAuditEvent(tx, {
        userId,
        action: isAdministrator ? 'ADMINISTRATOR_GRANTED' : 'ADMINISTRATOR_REVOKED',
        actor: by.actor,
        administration: { administrator, subject: { userId: person.id, email: person.email } },
        origin: by.origin,
        at: by.at,
      });
    }
    const tokens = await tx.personalAccessToken.findMany({ where: { userId: person.id }, select: { id: true } });
    for (const token of tokens) await announceTokenInvalidated(tx, token.id);
    return { person, changed: true, tokenIds: tokens.map((token) => token.id) };
  });
  for (const tokenId of outcome.tokenIds) tokenVerifier.forget(tokenId);
  return { person: outcome.person, changed: outcome.changed };
}
