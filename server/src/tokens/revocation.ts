import { type AuditActor, type RequestOrigin, recordAuditEvent } from '../audit/events.js';
import { db, engine } from '../db.js';
import type { Prisma, RevocationReason } from '../generated/prisma/client.js';
import { announceTokenInvalidated } from './invalidation.js';
import { usableAt } from './status.js';
import { tokenVerifier } from './verification.js';

export interface Revocation {
  reason: RevocationReason;
  actor: AuditActor;
  origin: RequestOrigin;
  at: Date;
}

/** One person's tokens: all of them, or only those with these ids. */
export interface TokenSelection {
  userId: string;
  tokenIds?: readonly string[];
}

export interface RevokedToken {
  id: string;
  name: string;
}

/**
 * Queues behind a transition already holding these rows (restoreToken locks its row first too), so that
 * what the transaction reads afterwards is what that transition left: without it, a revoke that found the
 * token revoked could then read it restored and answer "revoked" with an active token. SQLite transactions
 * are serialised already. Rows are locked in id order, so two revocations of many tokens cannot deadlock.
 */
async function lockSelection(tx: Prisma.TransactionClient, selection: TokenSelection): Promise<void> {
  if (engine !== 'postgresql') return;
  if (selection.tokenIds) {
    await tx.$queryRaw`SELECT "id" FROM "PersonalAccessToken" WHERE "userId" = ${selection.userId} AND "id" = ANY(${[...selection.tokenIds]}) ORDER BY "id" FOR UPDATE`;
  } else {
    await tx.$queryRaw`SELECT "id" FROM "PersonalAccessToken" WHERE "userId" = ${selection.userId} ORDER BY "id" FOR UPDATE`;
  }
}

/**
 * The one way tokens are revoked. In one transaction: every selected token still usable at `revocation.at` is
 * revoked by a single conditional update that returns the rows it changed, each changed token gets one
 * `TOKEN_REVOKED` event and is announced to the other replicas, and `alsoInTransaction` adds its own writes.
 * After the commit the tokens leave this process's cache. A token that a concurrent transaction revoked first
 * is not among the changed rows (PostgreSQL re-checks the condition once the row lock is free), so it is
 * audited once, by whoever changed it.
 */
export function revokeTokens(
  selection: TokenSelection,
  revocation: Revocation,
): Promise<{ revoked: RevokedToken[]; result: undefined }>;
export function revokeTokens<Result>(
  selection: TokenSelection,
  revocation: Revocation,
  alsoInTransaction: (tx: Prisma.TransactionClient, revoked: RevokedToken[]) => Promise<Result>,
): Promise<{ revoked: RevokedToken[]; result: Result }>;
export async function revokeTokens<Result>(
  selection: TokenSelection,
  revocation: Revocation,
  alsoInTransaction?: (tx: Prisma.TransactionClient, revoked: RevokedToken[]) => Promise<Result>,
): Promise<{ revoked: RevokedToken[]; result: Result | undefined }> {
  const outcome = await db.$transaction(async (tx) => {
    await lockSelection(tx, selection);
    const revoked = await tx.personalAccessToken.updateManyAndReturn({
      where: {
        userId: selection.userId,
        ...(selection.tokenIds ? { id: { in: [...selection.tokenIds] } } : {}),
        ...usableAt(revocation.at),
      },
      data: { revokedAt: revocation.at, revocationReason: revocation.reason },
      select: { id: true, name: true },
    });
    for (const token of revoked) {
      await announceTokenInvalidated(tx, token.id);
      await recordAuditEvent(tx, {
        userId: selection.userId,
        action: 'TOKEN_REVOKED',
        actor: revocation.actor,
        token,
        origin: revocation.origin,
        at: revocation.at,
      });
    }
    return { revoked, result: await alsoInTransaction?.(tx, revoked) };
  });
  for (const token of outcome.revoked) tokenVerifier.forget(token.id);
  return outcome;
}
