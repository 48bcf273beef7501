import { passwordLength } from '@latchkey/rules';
import { auditActorOf, type Viewer } from '../audit/actor.js';
import { type RequestOrigin, recordAuditEvent } from '../audit/events.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { db } from '../db.js';
import { AccountLockedError, InvalidCredentialsError, SignUpRefusedError } from '../errors.js';
import type { User } from '../generated/prisma/client.js';
import { newId } from '../ids.js';
import { logEvent } from '../logging/logger.js';
import { revokeTokens } from '../tokens/revocation.js';
import { hashPassword, spendPasswordCheckTime, verifyPassword } from './password.js';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Creates the account, or, when the email already has one, signs in to it if the password matches and
 * otherwise refuses without saying why: either way one password hash, so sign-up does not reveal which
 * emails have accounts (SECURITY.md, "Sign-up").
 */
export async function signUp(email: string, password: string, origin: RequestOrigin, now: Date): Promise<User> {
  const normalized = normalizeEmail(email);
  const existing = await db.user.findUnique({ where: { email: normalized } });
  if (existing) {
    if (await checkSignIn(existing, password, origin, now)) return existing;
    throw new SignUpRefusedError();
  }
  const passwordHash = await hashPassword(password);
  try {
    return await db.user.create({
      data: { id: newId(), email: normalized, passwordHash, createdAt: now, lastSignInAt: now },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new SignUpRefusedError();
    throw error;
  }
}

/** Every failure looks the same to the caller and costs the same time; the audit log tells them apart. */
export async function signIn(email: string, password: string, origin: RequestOrigin, now: Date): Promise<User> {
  const user = await db.user.findUnique({ where: { email: normalizeEmail(email) } });
  if (!(await checkSignIn(user, password, origin, now)) || !user) throw new InvalidCredentialsError();
  return user;
}

/**
 * One password check (a decoy one without an account), audited and, when it fails, logged. A locked account is
 * refused with its reason only once its password checked out, so the lock tells nothing to anyone else.
 */
async function checkSignIn(user: User | null, password: string, origin: RequestOrigin, now: Date): Promise<boolean> {
  const valid =
    password.length <= passwordLength.max && user
      ? await verifyPassword(password, user.passwordHash)
      : await spendPasswordCheckTime(password);
  const locked = valid && user?.lockedAt != null;
  await db.$transaction(async (tx) => {
    await recordAuditEvent(tx, {
      userId: user?.id ?? null,
      action: valid && !locked ? 'SIGNED_IN' : 'SIGN_IN_FAILED',
      actor: { type: 'ANONYMOUS', id: null },
      origin,
      at: now,
    });
    if (valid && !locked && user) await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  });
  if (!valid) logEvent('sign_in_failed', { userId: user?.id ?? null, ip: origin.ip });
  if (locked) {
    logEvent('sign_in_locked', { userId: user?.id ?? null, ip: origin.ip });
    throw new AccountLockedError(user?.lockedReason ?? '');
  }
  return valid;
}

/** Checks the viewer's own password, as sudo mode and password changes require. */
export async function verifyViewerPassword(viewer: Viewer, password: string): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: viewer.userId }, select: { passwordHash: true } });
  const valid = password.length <= passwordLength.max && (await verifyPassword(password, user.passwordHash));
  if (!valid) throw new InvalidCredentialsError();
}

export async function markReauthenticated(sessionId: string, now: Date): Promise<void> {
  await db.session.update({ where: { id: sessionId }, data: { reauthenticatedAt: now } });
}

/**
 * Sets a new password, signs out every other session and, when asked, revokes every active token,
 * all in one transaction with its audit events.
 */
export async function changePassword(
  viewer: Viewer,
  newPassword: string,
  revokeAllTokens: boolean,
  origin: RequestOrigin,
  now: Date,
) {
  const passwordHash = await hashPassword(newPassword);
  const actor = auditActorOf(viewer);
  const { revoked, result: signedOutSessionCount } = await revokeTokens(
    { userId: viewer.userId, tokenIds: revokeAllTokens ? undefined : [] },
    { reason: 'OWNER', actor, origin, at: now },
    async (tx) => {
      await tx.user.update({ where: { id: viewer.userId }, data: { passwordHash } });
      const { count } = await tx.session.deleteMany({
        where: { userId: viewer.userId, id: { not: viewer.session?.id ?? '' } },
      });
      await recordAuditEvent(tx, { userId: viewer.userId, action: 'PASSWORD_CHANGED', actor, origin, at: now });
      return count;
    },
  );
  if (viewer.session) await markReauthenticated(viewer.session.id, now);
  return { signedOutSessionCount, revokedTokenCount: revoked.length };
}
