import { type AuditActor, auditedUserAgent, type RequestOrigin, recordAuditEvent } from '../audit/events.js';
import { db, engine } from '../db.js';
import { Prisma, type RevocationReason } from '../generated/prisma/client.js';
import { newIdOnPostgresql } from '../ids.js';
import { tokenRevocations } from '../metrics/counts.js';
import { notify } from '../notifications/events.js';
import { anyChannelFor } from '../notifications/preferences.js';
import { INVALIDATION_CHANNEL } from './invalidation-channels.js';
import { statusCondition, usableAt } from './status.js';
import type { TokenRow } from './token-row.js';
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

export interface Revoked {
  /** The tokens this revocation changed. */
  revoked: RevokedToken[];
  /** When selected by id: those of the selected tokens that exist, as the revocation left them, by id. */
  tokens: TokenRow[];
}

/** A revoked token's replaced secret (rotation.ts) ends with it, and stays ended if the token is restored. */
const ENDS_PREVIOUS_SECRET = { previousDigest: null, previousSecretValidUntil: null };

/** SQLite: Prisma's steps one after the other, in-process; its transactions are serialised already. */
async function revokeStepByStep(
  tx: Prisma.TransactionClient,
  selection: TokenSelection,
  revocation: Revocation,
): Promise<Revoked> {
  const selected = { userId: selection.userId, ...(selection.tokenIds ? { id: { in: [...selection.tokenIds] } } : {}) };
  const revoked = await tx.personalAccessToken.updateManyAndReturn({
    where: { ...selected, ...usableAt(revocation.at) },
    data: { revokedAt: revocation.at, revocationReason: revocation.reason, ...ENDS_PREVIOUS_SECRET },
    select: { id: true, name: true },
  });
  for (const token of revoked) {
    await recordAuditEvent(tx, {
      userId: selection.userId,
      action: 'TOKEN_REVOKED',
      actor: revocation.actor,
      token,
      origin: revocation.origin,
      at: revocation.at,
    });
  }
  const tokens = selection.tokenIds
    ? await tx.personalAccessToken.findMany({ where: selected, orderBy: { id: 'asc' } })
    : [];
  return { revoked, tokens };
}

/**
 * PostgreSQL: locks, revokes, announces and audits in one statement, and hands back the selected rows as it
 * left them, so a revoke is one round trip. On a busy replica every round trip waits behind the requests it
 * is serving; six of them were most of a revoke's latency under load (bench/README.md#revocation-under-load).
 *
 * `locked` takes the rows' locks in id order (two revocations of many tokens cannot deadlock) and queues
 * behind a transition already holding one (restoreToken locks its row first too). Once a lock is granted,
 * PostgreSQL hands back the row as that transition left it, so `usable` judges the latest version: a revoke
 * that waited for a restore revokes the restored token. The update then changes only rows `locked` found
 * usable, so a token a concurrent revoke changed first is audited once, by whoever changed it; its event's id
 * is made after the wait, so events sort in the order the changes happened. The NOTIFY reaches the other
 * replicas once the statement commits.
 */
async function revokeInOneStatement(
  client: Prisma.TransactionClient,
  selection: TokenSelection,
  revocation: Revocation,
): Promise<Revoked> {
  const { userId } = selection;
  const selected = selection.tokenIds ? Prisma.sql`AND "id" = ANY(${[...selection.tokenIds]}::text[])` : Prisma.empty;
  const { actor, origin } = revocation;
  // Timestamps are stored in UTC without a zone, as PostgreSQL reads an ISO string into one.
  const at = Prisma.sql`${revocation.at.toISOString()}::timestamp(3)`;
  const rows = await client.$queryRaw<(TokenRow & { usable: boolean; revokedNow: boolean })[]>`
    WITH locked AS MATERIALIZED (
      SELECT *, ${statusCondition('ACTIVE', at)} AS "usable" FROM "PersonalAccessToken"
      WHERE "userId" = ${userId} ${selected}
      ORDER BY "id" FOR UPDATE
    ), revoked AS (
      UPDATE "PersonalAccessToken" AS token
      SET "revokedAt" = ${at}, "revocationReason" = ${revocation.reason}::"RevocationReason",
        "previousDigest" = NULL, "previousSecretValidUntil" = NULL
      FROM locked
      WHERE token."id" = locked."id" AND locked."usable"
      RETURNING token."id", token."name", pg_notify(${INVALIDATION_CHANNEL}, token."id")
    ), audited AS (
      INSERT INTO "AuditEvent"
        ("id", "userId", "action", "actorType", "actorId", "tokenId", "tokenName", "ip", "userAgent", "createdAt")
      SELECT ${newIdOnPostgresql}, ${userId}, 'TOKEN_REVOKED'::"AuditAction", ${actor.type}::"ActorType",
        ${actor.id}, revoked."id", revoked."name", ${origin.ip}, ${auditedUserAgent(origin)}, ${at}
      FROM revoked ORDER BY revoked."id"
    )
    SELECT locked.*, revoked."id" IS NOT NULL AS "revokedNow"
    FROM locked LEFT JOIN revoked ON revoked."id" = locked."id" ORDER BY locked."id"`;
  const tokens = rows.map(
    ({ usable: _usable, revokedNow, ...row }): TokenRow =>
      revokedNow
        ? { ...row, revokedAt: revocation.at, revocationReason: revocation.reason, ...ENDS_PREVIOUS_SECRET }
        : row,
  );
  return {
    revoked: rows.filter((row) => row.revokedNow).map(({ id, name }) => ({ id, name })),
    tokens: selection.tokenIds ? tokens : [],
  };
}

/** A `token.revoked` notification for each token revoked, with its reason (OWNER or ADMIN). */
async function notifyRevoked(
  tx: Prisma.TransactionClient,
  userId: string,
  revoked: RevokedToken[],
  revocation: Revocation,
): Promise<void> {
  // A leaked token's owner hears of it once, as `token.leaked` (tokens/leaked-secrets.ts).
  if (revocation.reason === 'LEAKED') return;
  for (const token of revoked) {
    await notify(tx, {
      userId,
      type: 'token.revoked',
      data: { tokenId: token.id, tokenName: token.name, reason: revocation.reason },
      at: revocation.at,
    });
  }
}

/**
 * The one way tokens are revoked. Every selected token still usable at `revocation.at` is revoked, gets one
 * `TOKEN_REVOKED` event and a `token.revoked` notification and is announced to the other replicas, atomically;
 * `alsoInTransaction` adds its own writes to the same transaction. After the commit the tokens leave this process's cache. A token that a
 * concurrent transaction revoked first is not among those revoked (PostgreSQL re-checks the condition once
 * the row lock is free), so it is audited once, by whoever changed it.
 */
export function revokeTokens(selection: TokenSelection, revocation: Revocation): Promise<Revoked>;
export function revokeTokens<Result>(
  selection: TokenSelection,
  revocation: Revocation,
  alsoInTransaction: (tx: Prisma.TransactionClient, revoked: RevokedToken[]) => Promise<Result>,
): Promise<Revoked & { result: Result }>;
export async function revokeTokens<Result>(
  selection: TokenSelection,
  revocation: Revocation,
  alsoInTransaction?: (tx: Prisma.TransactionClient, revoked: RevokedToken[]) => Promise<Result>,
): Promise<Revoked & { result?: Result }> {
  // On PostgreSQL one statement is a transaction of its own; anything more (the owner's notification, the
  // caller's writes) needs one around it. Whether the owner wants to hear is read just before: a preference
  // changed at that very moment may apply from the next revocation on.
  const alone =
    engine === 'postgresql' && !alsoInTransaction && !(await anyChannelFor(db, selection.userId, 'token.revoked'));
  const outcome = alone
    ? await revokeInOneStatement(db, selection, revocation)
    : await db.$transaction(async (tx) => {
        const changed =
          engine === 'postgresql'
            ? await revokeInOneStatement(tx, selection, revocation)
            : await revokeStepByStep(tx, selection, revocation);
        await notifyRevoked(tx, selection.userId, changed.revoked, revocation);
        return { ...changed, result: await alsoInTransaction?.(tx, changed.revoked) };
      });
  for (const token of outcome.revoked) tokenVerifier.forget(token.id);
  tokenRevocations[revocation.reason] += outcome.revoked.length;
  return outcome;
}
