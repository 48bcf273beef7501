import {
  type AuditActor,
  type AuditPerson,
  auditedUserAgent,
  type RequestOrigin,
  recordAuditEvent,
  recordAuditEvents,
} from '../audit/events.js';
import { db, engine } from '../db.js';
import { Prisma, type RevocationReason } from '../generated/prisma/client.js';
import { newIdOnPostgresql } from '../ids.js';
import { logEvent } from '../logging/logger.js';
import { tokenRevocations } from '../metrics/counts.js';
import { notify } from '../notifications/events.js';
import { anyChannelFor } from '../notifications/preferences.js';
import { announceTokensInvalidated } from './invalidation.js';
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

/**
 * Revoking a token waiting for approval ends the wait (approval.ts): a pending token is never also revoked, and a
 * secret that must not work (withdrawn, leaked, its owner's credentials reset) must not start working on approval.
 */
const ENDS_PENDING_APPROVAL = { pendingApprovalSince: null };

/** Prisma's `where` for what a revocation changes: tokens usable at `at`, and those waiting for approval. */
const revocableAt = (at: Date) => ({ OR: [usableAt(at), { pendingApprovalSince: { not: null } }] });

/** SQLite: Prisma's steps one after the other, in-process; its transactions are serialised already. */
async function revokeStepByStep(
  tx: Prisma.TransactionClient,
  selection: TokenSelection,
  revocation: Revocation,
): Promise<Revoked> {
  const selected = { userId: selection.userId, ...(selection.tokenIds ? { id: { in: [...selection.tokenIds] } } : {}) };
  const revoked = await tx.personalAccessToken.updateManyAndReturn({
    where: { ...selected, ...revocableAt(revocation.at) },
    data: {
      revokedAt: revocation.at,
      revocationReason: revocation.reason,
      ...ENDS_PREVIOUS_SECRET,
      ...ENDS_PENDING_APPROVAL,
    },
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
      SELECT *, (${statusCondition('ACTIVE', at)}) OR (${statusCondition('PENDING', at)}) AS "usable"
      FROM "PersonalAccessToken"
      WHERE "userId" = ${userId} ${selected}
      ORDER BY "id" FOR UPDATE
    ), revoked AS (
      UPDATE "PersonalAccessToken" AS token
      SET "revokedAt" = ${at}, "revocationReason" = ${revocation.reason}::"RevocationReason",
        "previousDigest" = NULL, "previousSecretValidUntil" = NULL, "pendingApprovalSince" = NULL
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
        ? {
            ...row,
            revokedAt: revocation.at,
            revocationReason: revocation.reason,
            ...ENDS_PREVIOUS_SECRET,
            ...ENDS_PENDING_APPROVAL,
          }
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
 * The one way tokens are revoked. Every selected token still usable at `revocation.at` (or waiting for approval,
 * which ends the wait) is revoked, gets one
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

/**
 * Rows changed per statement and transaction: no lock is held for long, however many tokens a revocation ends.
 * Prisma's SQLite adapter binds at most 999 parameters to a statement.
 */
export const REVOCATION_BATCH_SIZE = engine === 'postgresql' ? 1000 : 500;
/** A bulk revocation's notification names this many of an owner's tokens, and counts the rest. */
const NAMED_IN_NOTIFICATION = 20;
/** Owners notified per transaction at the end of a bulk revocation. */
const OWNERS_PER_TRANSACTION = 200;

export interface AdministrativeRevocation extends Revocation {
  /** The administrator's message, kept on each token and sent to each owner. */
  message: string;
  administrator: AuditPerson;
}

/** The ids of up to `limit` tokens to revoke next, in id order after `afterId` (null: from the first). */
export type TokenBatches = (afterId: string | null, limit: number) => Promise<string[]>;

/** The ids given, in batches. */
export function batchesOf(tokenIds: readonly string[]): TokenBatches {
  const sorted = [...new Set(tokenIds)].sort();
  return async (afterId, limit) => {
    const start = afterId === null ? 0 : sorted.findIndex((id) => id > afterId);
    return start === -1 ? [] : sorted.slice(start, start + limit);
  };
}

interface OwnerRevocations {
  email: string;
  count: number;
  named: RevokedToken[];
}

type BatchRevoked = RevokedToken & { userId: string; ownerEmail: string };

const bulkRevocationChanges = ({ at, reason, message }: AdministrativeRevocation) => ({
  revokedAt: at,
  revocationReason: reason,
  revocationMessage: message,
  ...ENDS_PREVIOUS_SECRET,
  ...ENDS_PENDING_APPROVAL,
});

/** SQLite: Prisma's steps; its transactions are serialised already. */
async function revokeBatchStepByStep(
  tx: Prisma.TransactionClient,
  tokenIds: string[],
  revocation: AdministrativeRevocation,
): Promise<BatchRevoked[]> {
  const revoked = await tx.personalAccessToken.updateManyAndReturn({
    where: { id: { in: tokenIds }, ...revocableAt(revocation.at) },
    data: bulkRevocationChanges(revocation),
    select: { id: true, name: true, userId: true },
  });
  const owners = await tx.user.findMany({
    where: { id: { in: [...new Set(revoked.map((token) => token.userId))] } },
    select: { id: true, email: true },
  });
  const emails = new Map(owners.map((owner) => [owner.id, owner.email]));
  return revoked
    .map((token) => ({ ...token, ownerEmail: emails.get(token.userId) ?? '' }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * PostgreSQL: locks the batch in id order (as revokeInOneStatement does: two revocations of overlapping tokens cannot
 * deadlock), judges each row as the lock hands it over, and revokes it with its owner's email in one statement.
 */
async function revokeBatchInOneStatement(
  tx: Prisma.TransactionClient,
  tokenIds: string[],
  revocation: AdministrativeRevocation,
): Promise<BatchRevoked[]> {
  const changes = bulkRevocationChanges(revocation);
  const at = Prisma.sql`${changes.revokedAt.toISOString()}::timestamp(3)`;
  const rows = await tx.$queryRaw<BatchRevoked[]>`
    WITH locked AS MATERIALIZED (
      SELECT "id", (${statusCondition('ACTIVE', at)}) OR (${statusCondition('PENDING', at)}) AS "revocable"
      FROM "PersonalAccessToken"
      WHERE "id" = ANY(${tokenIds}::text[]) ORDER BY "id" FOR UPDATE
    )
    UPDATE "PersonalAccessToken" AS token
    SET "revokedAt" = ${at}, "revocationReason" = ${changes.revocationReason}::"RevocationReason",
      "revocationMessage" = ${changes.revocationMessage}, "pendingApprovalSince" = NULL,
      "previousDigest" = NULL, "previousSecretValidUntil" = NULL
    FROM locked, "User" AS owner
    WHERE token."id" = locked."id" AND locked."revocable" AND owner."id" = token."userId"
    RETURNING token."id", token."name", token."userId", owner."email" AS "ownerEmail"`;
  return rows.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** One batch, in a transaction of its own: revoked, audited in each owner's log and announced to the replicas. */
async function revokeBatch(tokenIds: string[], revocation: AdministrativeRevocation): Promise<BatchRevoked[]> {
  const { at, administrator } = revocation;
  return db.$transaction(async (tx) => {
    const changed =
      engine === 'postgresql'
        ? await revokeBatchInOneStatement(tx, tokenIds, revocation)
        : await revokeBatchStepByStep(tx, tokenIds, revocation);
    if (changed.length === 0) return [];
    await recordAuditEvents(
      tx,
      changed.map((token) => ({
        userId: token.userId,
        action: 'TOKEN_REVOKED' as const,
        actor: revocation.actor,
        token,
        administration: { administrator, subject: { userId: token.userId, email: token.ownerEmail } },
        message: revocation.message,
        origin: revocation.origin,
        at,
      })),
    );
    await announceTokensInvalidated(
      tx,
      changed.map((token) => token.id),
    );
    return changed;
  });
}

/** What an owner hears of a bulk revocation: the token itself when it was one, else the first few and a count. */
function bulkNotificationData(revoked: OwnerRevocations, revocation: AdministrativeRevocation) {
  const [only] = revoked.named;
  const common = { reason: revocation.reason, message: revocation.message };
  if (revoked.count === 1 && only) return { tokenId: only.id, tokenName: only.name, ...common };
  return {
    tokenCount: revoked.count,
    tokens: revoked.named.map((token) => ({ tokenId: token.id, tokenName: token.name })),
    ...common,
  };
}

/** Each owner's one `token.revoked` notification, `alsoAtTheEnd` in the transaction of the first of them. */
async function announceBulkRevocation(
  owners: Map<string, OwnerRevocations>,
  revokedCount: number,
  revocation: AdministrativeRevocation,
  alsoAtTheEnd: (tx: Prisma.TransactionClient, revokedCount: number) => Promise<void>,
): Promise<void> {
  const notified = [...owners];
  for (let start = 0; start === 0 || start < notified.length; start += OWNERS_PER_TRANSACTION) {
    await db.$transaction(async (tx) => {
      if (start === 0) await alsoAtTheEnd(tx, revokedCount);
      for (const [userId, revoked] of notified.slice(start, start + OWNERS_PER_TRANSACTION)) {
        await notify(tx, {
          userId,
          type: 'token.revoked',
          data: bulkNotificationData(revoked, revocation),
          at: revocation.at,
        });
      }
    });
  }
}

/**
 * Revokes every token `batches` yields that is usable or pending, a batch at a time, each batch its own short
 * transaction (its tokens revoked with the administrator's message, one `TOKEN_REVOKED` in each owner's log, the
 * other replicas told in a few packed messages) and then evicted from this process's cache in one pass, which tells
 * the services' revocation streams. At the end each owner gets one `token.revoked` notification for all of theirs,
 * and `alsoAtTheEnd` writes in the same transaction as the first of them (the administrator's own audit row), also
 * when a batch fails part-way (for the batches done; the error is then thrown). Tokens already revoked or expired are
 * skipped and not counted.
 */
export async function revokeTokensInBatches(
  batches: TokenBatches,
  revocation: AdministrativeRevocation,
  alsoAtTheEnd: (tx: Prisma.TransactionClient, revokedCount: number) => Promise<void>,
  batchSize = REVOCATION_BATCH_SIZE,
): Promise<{ revokedCount: number }> {
  const owners = new Map<string, OwnerRevocations>();
  let revokedCount = 0;
  let afterId: string | null = null;
  try {
    for (;;) {
      const tokenIds = await batches(afterId, batchSize);
      if (tokenIds.length === 0) break;
      afterId = tokenIds[tokenIds.length - 1] as string;
      const revoked = await revokeBatch(tokenIds, revocation);
      tokenVerifier.forgetMany(revoked.map((token) => token.id));
      tokenRevocations[revocation.reason] += revoked.length;
      revokedCount += revoked.length;
      for (const token of revoked) {
        const owner = owners.get(token.userId) ?? { email: token.ownerEmail, count: 0, named: [] };
        owner.count++;
        if (owner.named.length < NAMED_IN_NOTIFICATION) owner.named.push({ id: token.id, name: token.name });
        owners.set(token.userId, owner);
      }
      if (tokenIds.length < batchSize) break;
    }
  } catch (failure) {
    // The finished batches stay revoked: their owners and the administrator's log still hear of them.
    await announceBulkRevocation(owners, revokedCount, revocation, alsoAtTheEnd).catch(() =>
      logEvent('bulk_revocation_unannounced', { revokedCount, owners: owners.size }, 'error'),
    );
    throw failure;
  }
  await announceBulkRevocation(owners, revokedCount, revocation, alsoAtTheEnd);
  return { revokedCount };
}
