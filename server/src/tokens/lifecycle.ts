import { tokenNameKey } from '@latchkey/rules';
import { auditActorOf, type Viewer } from '../audit/actor.js';
import { type RequestOrigin, recordAuditEvent } from '../audit/events.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { db, engine } from '../db.js';
import { InvalidTransitionError, NameTakenError, NotFoundError, TokenLimitError, ValidationError } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { newId } from '../ids.js';
import { expiresAtFor, type TokenExpiration } from './expiration.js';
import { generateTokenSecret, tokenDigest, tokenHint } from './format.js';
import { announceTokenInvalidated } from './invalidation.js';
import { parsePermissions, serializePermissions } from './permissions.js';
import { revokeTokens } from './revocation.js';
import { tokenVerifier } from './verification.js';

export interface LifecycleContext {
  viewer: Viewer;
  now: Date;
  origin: RequestOrigin;
}

export interface GenerateTokenInput {
  name: string;
  expiration: TokenExpiration;
  permissions: string[];
}

export function normalizeTokenName(name: string): string {
  return name.trim();
}

/**
 * A token may only bring into use (mint or restore) tokens that are no more powerful and no longer-lived
 * than itself; a session may bring any. Returns what is wrong, or null.
 */
function delegationProblem(
  viewer: Viewer,
  permissions: readonly string[],
  expiresAt: Date,
): 'permissions' | 'expiration' | null {
  const { token } = viewer;
  if (!token) return null;
  // What it holds grants what that implies; a name since removed from the catalogue it can pass on as held.
  if (!permissions.every((name) => token.grants.has(name) || token.permissions.includes(name))) return 'permissions';
  if (expiresAt > token.expiresAt) return 'expiration';
  return null;
}

function checkDelegation(viewer: Viewer, permissions: string[], expiresAt: Date): void {
  const problem = delegationProblem(viewer, permissions, expiresAt);
  if (problem === 'permissions') {
    throw ValidationError.forField(['input', 'permissions'], 'A token can only grant permissions it holds itself.');
  }
  if (problem === 'expiration') {
    throw ValidationError.forField(['input', 'expiration'], 'A token cannot create a token that outlives it.');
  }
}

function checkRestoreDelegation(viewer: Viewer, token: { permissions: string; expiresAt: Date }): void {
  const problem = delegationProblem(viewer, parsePermissions(token.permissions), token.expiresAt);
  if (problem === 'permissions') {
    throw new InvalidTransitionError('A token can only restore tokens whose permissions it holds itself.');
  }
  if (problem === 'expiration') {
    throw new InvalidTransitionError('A token can only restore tokens that expire no later than itself.');
  }
}

export async function generateToken(context: LifecycleContext, input: GenerateTokenInput, tokenLimit: number) {
  const { viewer, now, origin } = context;
  const name = normalizeTokenName(input.name);
  const expiresAt = expiresAtFor(input.expiration, now);
  checkDelegation(viewer, input.permissions, expiresAt);
  const secret = generateTokenSecret();
  try {
    const token = await db.$transaction(async (tx) => {
      // Writing the user row first serialises concurrent generations for one user, so the limit holds.
      await tx.user.update({ where: { id: viewer.userId }, data: { tokensLockedAt: now } });
      const existing = await tx.personalAccessToken.count({ where: { userId: viewer.userId } });
      if (existing >= tokenLimit) throw new TokenLimitError(tokenLimit);
      const taken = await tx.personalAccessToken.findFirst({
        where: { userId: viewer.userId, nameKey: tokenNameKey(name) },
        select: { id: true },
      });
      if (taken) throw new NameTakenError(name);
      const created = await tx.personalAccessToken.create({
        data: {
          id: newId(),
          userId: viewer.userId,
          name,
          nameKey: tokenNameKey(name),
          digest: tokenDigest(secret),
          hint: tokenHint(secret),
          permissions: serializePermissions(input.permissions),
          createdAt: now,
          expiresAt,
        },
      });
      await recordAuditEvent(tx, {
        userId: viewer.userId,
        action: 'TOKEN_GENERATED',
        actor: auditActorOf(viewer),
        token: created,
        origin,
        at: now,
      });
      return created;
    });
    return { token, secret };
  } catch (error) {
    if (isUniqueViolation(error)) throw new NameTakenError(name);
    throw error;
  }
}

const ownedBy = (viewer: Viewer, id: string) => ({ id, userId: viewer.userId });

/**
 * Takes the token's row lock before anything else in a transition, so concurrent transitions on one
 * token queue up and each reads the state the previous one left. SQLite transactions are serialised
 * already; PostgreSQL needs the lock.
 */
async function lockToken(tx: Prisma.TransactionClient, viewer: Viewer, id: string): Promise<void> {
  if (engine !== 'postgresql') return;
  await tx.$queryRaw`SELECT "id" FROM "PersonalAccessToken" WHERE "id" = ${id} AND "userId" = ${viewer.userId} FOR UPDATE`;
}

/** Revoking a token that is already revoked or expired succeeds and changes nothing. */
export async function revokeToken(context: LifecycleContext, id: string) {
  const { viewer, now, origin } = context;
  const {
    tokens: [token],
  } = await revokeTokens(
    { userId: viewer.userId, tokenIds: [id] },
    { reason: 'OWNER', actor: auditActorOf(viewer), origin, at: now },
  );
  if (!token) throw new NotFoundError();
  return token;
}

/** Restoring brings back only what its owner revoked, and only while it has not expired. */
export async function restoreToken(context: LifecycleContext, id: string) {
  const { viewer, now, origin } = context;
  const restored = await db.$transaction(async (tx) => {
    await lockToken(tx, viewer, id);
    // A token's permissions and expiry never change, so checking them before the conditional write holds.
    const target = await tx.personalAccessToken.findFirst({
      where: ownedBy(viewer, id),
      select: { permissions: true, expiresAt: true },
    });
    if (!target) throw new NotFoundError();
    checkRestoreDelegation(viewer, target);
    const { count } = await tx.personalAccessToken.updateMany({
      where: { ...ownedBy(viewer, id), revokedAt: { not: null }, revocationReason: 'OWNER', expiresAt: { gt: now } },
      data: { revokedAt: null, revocationReason: null },
    });
    const current = await tx.personalAccessToken.findFirst({ where: ownedBy(viewer, id) });
    if (!current) throw new NotFoundError();
    if (count === 1) {
      // Replicas may remember it as refused.
      await announceTokenInvalidated(tx, current.id);
      await recordAuditEvent(tx, {
        userId: viewer.userId,
        action: 'TOKEN_RESTORED',
        actor: auditActorOf(viewer),
        token: current,
        origin,
        at: now,
      });
      return current;
    }
    if (current.expiresAt <= now) throw new InvalidTransitionError('An expired token cannot be restored.');
    if (current.revokedAt && current.revocationReason !== 'OWNER') {
      throw new InvalidTransitionError(
        'This token was revoked for your protection and cannot be restored. Generate a new one.',
      );
    }
    return current;
  });
  tokenVerifier.forget(id);
  return restored;
}

/** Only a token that can no longer authenticate (revoked or expired) may be deleted. */
export async function deleteToken(context: LifecycleContext, id: string): Promise<string> {
  const { viewer, now, origin } = context;
  await db.$transaction(async (tx) => {
    await lockToken(tx, viewer, id);
    const current = await tx.personalAccessToken.findFirst({
      where: ownedBy(viewer, id),
      select: { id: true, name: true },
    });
    if (!current) throw new NotFoundError();
    const { count } = await tx.personalAccessToken.deleteMany({
      where: { ...ownedBy(viewer, id), OR: [{ revokedAt: { not: null } }, { expiresAt: { lte: now } }] },
    });
    if (count === 0) throw new InvalidTransitionError('Revoke the token before deleting it.');
    await announceTokenInvalidated(tx, current.id);
    await recordAuditEvent(tx, {
      userId: viewer.userId,
      action: 'TOKEN_DELETED',
      actor: auditActorOf(viewer),
      token: current,
      origin,
      at: now,
    });
  });
  tokenVerifier.forget(id);
  return id;
}
