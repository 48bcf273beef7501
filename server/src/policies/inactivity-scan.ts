import { auditActorOf } from '../audit/actor.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { db } from '../db.js';
import { notify } from '../notifications/events.js';
import { revokeTokens } from '../tokens/revocation.js';
import { usableAt } from '../tokens/status.js';
import type { Policies } from './policies.js';

/** How many days before its inactivity revocation a token's owner is warned. */
export const INACTIVITY_WARNING_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Tokens read per query, and warnings or revocations per scan at most: the next scan carries on. */
const PAGE_SIZE = 200;
const MAX_CHANGES_PER_SCAN = 500;

interface IdleToken {
  id: string;
  userId: string;
  name: string;
  createdAt: Date;
  approvedAt: Date | null;
  lastUsedAt: Date | null;
  expiresAt: Date;
}

/** When the token was last of use: its last use, or, never used, when it was approved or else created. */
export function lastActivityOf(token: Pick<IdleToken, 'createdAt' | 'approvedAt' | 'lastUsedAt'>): Date {
  return token.lastUsedAt ?? token.approvedAt ?? token.createdAt;
}

/** Prisma's `where` for usable tokens whose last activity (`lastActivityOf`) is at or before `cutoff`. */
function idleSince(cutoff: Date, now: Date) {
  return {
    ...usableAt(now),
    OR: [
      { lastUsedAt: { lte: cutoff } },
      { lastUsedAt: null, approvedAt: { lte: cutoff } },
      { lastUsedAt: null, approvedAt: null, createdAt: { lte: cutoff } },
    ],
  };
}

/** Usable tokens idle since `cutoff`, a page at a time in id order. */
async function* idleTokens(cutoff: Date, now: Date): AsyncGenerator<IdleToken[]> {
  let afterId: string | undefined;
  while (true) {
    const page = await db.personalAccessToken.findMany({
      where: { ...idleSince(cutoff, now), ...(afterId && { id: { gt: afterId } }) },
      orderBy: { id: 'asc' },
      take: PAGE_SIZE,
      select: {
        id: true,
        userId: true,
        name: true,
        createdAt: true,
        approvedAt: true,
        lastUsedAt: true,
        expiresAt: true,
      },
    });
    if (page.length > 0) yield page;
    afterId = page.at(-1)?.id;
    if (page.length < PAGE_SIZE) return;
  }
}

/** Once per token and last activity: a token used since its warning is warned again if it idles again. */
const warningKey = (token: IdleToken) => `token.inactive:${token.id}:${lastActivityOf(token).toISOString()}`;

async function warnIdleTokens(revokeAfterDays: number, now: Date, budget: number): Promise<number> {
  let warned = 0;
  const cutoff = new Date(now.getTime() - (revokeAfterDays - INACTIVITY_WARNING_DAYS) * DAY_MS);
  for await (const page of idleTokens(cutoff, now)) {
    const revokesAt = (token: IdleToken) => new Date(lastActivityOf(token).getTime() + revokeAfterDays * DAY_MS);
    // One that expires first is announced by the expiry reminders instead; one already due is revoked next scan.
    const candidates = page.filter((token) => revokesAt(token) < token.expiresAt && revokesAt(token) > now);
    const warnedBefore = await db.notificationEvent.findMany({
      where: { dedupeKey: { in: candidates.map(warningKey) } },
      select: { dedupeKey: true },
    });
    const keys = new Set(warnedBefore.map(({ dedupeKey }) => dedupeKey));
    for (const token of candidates.filter((candidate) => !keys.has(warningKey(candidate)))) {
      if (warned >= budget) return warned;
      const lastUsedAt = token.lastUsedAt?.toISOString() ?? null;
      try {
        const notified = await db.$transaction((tx) =>
          notify(tx, {
            userId: token.userId,
            type: 'token.inactive',
            data: {
              tokenId: token.id,
              tokenName: token.name,
              lastUsedAt,
              createdAt: token.createdAt.toISOString(),
              revokesAt: revokesAt(token).toISOString(),
              daysLeft: Math.max(1, Math.ceil((revokesAt(token).getTime() - now.getTime()) / DAY_MS)),
              revokeUnusedAfterDays: revokeAfterDays,
            },
            at: now,
            dedupeKey: warningKey(token),
          }),
        );
        if (notified) warned++;
      } catch (error) {
        // Another replica warned first.
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }
  return warned;
}

async function revokeIdleTokens(revokeAfterDays: number, now: Date, budget: number): Promise<number> {
  let revoked = 0;
  const cutoff = new Date(now.getTime() - revokeAfterDays * DAY_MS);
  for await (const page of idleTokens(cutoff, now)) {
    const byOwner = new Map<string, string[]>();
    for (const { id, userId } of page.slice(0, budget - revoked))
      byOwner.set(userId, [...(byOwner.get(userId) ?? []), id]);
    // One revocation (a transaction) per owner, as each owner's own revokes are; only tokens still usable change,
    // so a replica scanning at the same moment revokes each at most once between them.
    for (const [userId, tokenIds] of byOwner) {
      const outcome = await revokeTokens(
        { userId, tokenIds },
        { reason: 'INACTIVE', actor: auditActorOf(null), origin: { ip: null, userAgent: null }, at: now },
      );
      revoked += outcome.revoked.length;
    }
    if (revoked >= budget) return revoked;
  }
  return revoked;
}

/**
 * The inactivity policy (`revokeUnusedAfterDays`): warns the owners of usable tokens unused for
 * `revokeUnusedAfterDays - 7` days (`token.inactive`, once per token and last use), and revokes those unused for
 * `revokeUnusedAfterDays` with the reason INACTIVE (their owners hear `token.revoked`; they cannot restore them).
 * At most MAX_CHANGES_PER_SCAN of each a scan; every replica may scan at the same moment. Does nothing when the
 * policy is off. Returns how many it warned and revoked.
 */
export async function scanForInactiveTokens(
  policies: Policies,
  now: Date,
): Promise<{ warned: number; revoked: number }> {
  const days = policies.revokeUnusedAfterDays;
  if (days === null) return { warned: 0, revoked: 0 };
  const revoked = await revokeIdleTokens(days, now, MAX_CHANGES_PER_SCAN);
  const warned = await warnIdleTokens(days, now, MAX_CHANGES_PER_SCAN);
  return { warned, revoked };
}
