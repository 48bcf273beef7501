import { tokenMaxLifetimeDays } from '@latchkey/rules';
import { auditActorOf, type Viewer } from '../audit/actor.js';
import { recordAuditEvent } from '../audit/events.js';
import { db } from '../db.js';
import { InvalidTransitionError, NotFoundError } from '../errors.js';
import type { RotationOverlap } from '../generated/prisma/client.js';
import { notify } from '../notifications/events.js';
import { cappedExpiry } from '../policies/lifetime.js';
import { type ControlColumns, controlsDelegationProblem, controlsOf } from './controls.js';
import { generateTokenSecret, tokenDigest, tokenHint } from './format.js';
import { announceTokenInvalidated } from './invalidation.js';
import {
  ADMINISTRATIVE_PERMISSIONS_RULE,
  delegationProblem,
  type LifecycleContext,
  lockToken,
  ownedBy,
} from './lifecycle.js';
import { parsePermissions } from './permissions.js';
import { isUsable, usableAt } from './status.js';
import { tokenVerifier } from './verification.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** How long a replaced secret keeps working after `rotateToken`. */
export const rotationOverlapMs: Record<RotationOverlap, number> = {
  NONE: 0,
  ONE_HOUR: HOUR_MS,
  ONE_DAY: DAY_MS,
  SEVEN_DAYS: 7 * DAY_MS,
};

const MAX_LIFETIME_MS = tokenMaxLifetimeDays * DAY_MS;

interface SecretTimes {
  createdAt: Date;
  rotatedAt: Date | null;
  expiresAt: Date;
}

/** A new secret lives as long as the one it replaces was issued for, within the longest lifetime allowed. */
export function rotatedExpiresAt(token: SecretTimes, now: Date): Date {
  const issuedAt = token.rotatedAt ?? token.createdAt;
  const lifetime = Math.min(token.expiresAt.getTime() - issuedAt.getTime(), MAX_LIFETIME_MS);
  return new Date(now.getTime() + lifetime);
}

/**
 * Until when the replaced secret keeps working, or null when it stops at once. It never outlives either
 * the secret it was (its own expiry) or the token it belongs to.
 */
export function previousSecretValidUntil(
  overlap: RotationOverlap,
  now: Date,
  replaced: { expiresAt: Date },
  expiresAt: Date,
): Date | null {
  const end = Math.min(now.getTime() + rotationOverlapMs[overlap], replaced.expiresAt.getTime(), expiresAt.getTime());
  return end > now.getTime() ? new Date(end) : null;
}

/** A token may renew itself; rotating another one mints a secret, so the minting rules apply. */
function checkRotateDelegation(
  viewer: Viewer,
  id: string,
  target: ControlColumns & { permissions: string },
  expiresAt: Date,
): void {
  // Even a token renewing itself: a secret for `admin:*` is minted only for an administrator.
  const problem = delegationProblem(viewer, parsePermissions(target.permissions), expiresAt);
  if (problem === 'administrator') throw new InvalidTransitionError(ADMINISTRATIVE_PERMISSIONS_RULE);
  if (viewer.token?.id === id) return;
  // A new secret for a token held more loosely than the rotating one would be a way around its controls.
  if (controlsDelegationProblem(viewer.token?.controls ?? null, controlsOf(target))) {
    throw new InvalidTransitionError(
      'A token can only rotate tokens held to its own address allowlist, rate limit and quota, or tighter.',
    );
  }
  if (problem === 'permissions') {
    throw new InvalidTransitionError('A token can only rotate tokens whose permissions it holds itself.');
  }
  if (problem === 'expiration') {
    throw new InvalidTransitionError(
      'A token can only rotate tokens whose new secret would expire no later than itself.',
    );
  }
}

/**
 * Gives an active token a new secret (same id, name and permissions; a new expiry of the same length) and
 * keeps the replaced one working until the overlap ends. A replaced secret from an earlier rotation stops at
 * once. Every replica and connected service is told to forget what it verified, so the replaced secret is
 * verified again and from then on judged by its own end.
 */
export async function rotateToken(context: LifecycleContext, id: string, overlap: RotationOverlap) {
  const { viewer, now, origin } = context;
  const secret = generateTokenSecret();
  const token = await db.$transaction(async (tx) => {
    await lockToken(tx, viewer, id);
    const current = await tx.personalAccessToken.findFirst({ where: ownedBy(viewer, id) });
    if (!current) throw new NotFoundError();
    if (!isUsable(current, now)) throw new InvalidTransitionError('Only an active token can be rotated.');
    const expiresAt = cappedExpiry(context.policies, rotatedExpiresAt(current, now), now);
    checkRotateDelegation(viewer, id, current, expiresAt);
    const validUntil = previousSecretValidUntil(overlap, now, current, expiresAt);
    const { count } = await tx.personalAccessToken.updateMany({
      where: { ...ownedBy(viewer, id), digest: current.digest, ...usableAt(now) },
      data: {
        digest: tokenDigest(secret),
        hint: tokenHint(secret),
        rotatedAt: now,
        expiresAt,
        previousDigest: validUntil ? current.digest : null,
        previousSecretValidUntil: validUntil,
      },
    });
    if (count === 0) throw new InvalidTransitionError('The token changed while it was being rotated. Try again.');
    await announceTokenInvalidated(tx, id);
    await recordAuditEvent(tx, {
      userId: viewer.userId,
      action: 'TOKEN_ROTATED',
      actor: auditActorOf(viewer),
      token: current,
      rotationOverlap: overlap,
      origin,
      at: now,
    });
    await notify(tx, {
      userId: viewer.userId,
      type: 'token.rotated',
      data: {
        tokenId: id,
        tokenName: current.name,
        expiresAt: expiresAt.toISOString(),
        previousSecretValidUntil: validUntil?.toISOString() ?? null,
      },
      at: now,
    });
    return tx.personalAccessToken.findFirstOrThrow({ where: ownedBy(viewer, id) });
  });
  tokenVerifier.forget(id);
  return { token, secret };
}
