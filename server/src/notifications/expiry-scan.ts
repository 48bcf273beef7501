import { isUniqueViolation } from '../database/unique-violation.js';
import { db } from '../db.js';
import { notify } from './events.js';
import type { NotificationType } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Tokens read per query, and events recorded per scan at most: the next scan carries on. */
const PAGE_SIZE = 200;
const MAX_EVENTS_PER_SCAN = 500;
/** A token that expired longer ago than this (the server was down, or notifications are new) is not announced. */
const EXPIRED_NOTICE_WINDOW_MS = 7 * DAY_MS;

interface ExpiringToken {
  id: string;
  userId: string;
  name: string;
  createdAt: Date;
  rotatedAt: Date | null;
  expiresAt: Date;
}

/** One kind of expiry notice: the expiry dates it is due for, and who gets it once. */
interface ExpiryNotice {
  type: NotificationType;
  expiresAfter: Date;
  expiresBy: Date;
  /** Once per token and expiry date: a rotated token's new expiry is reminded of again. */
  dedupeKey(token: ExpiringToken): string;
  appliesTo(token: ExpiringToken): boolean;
}

/**
 * 7 and 1 days before: each only for a secret issued longer ago than that (a token made to last 7 days is not
 * reminded at once). After expiry: once.
 */
function noticesAt(now: Date): ExpiryNotice[] {
  const reminder = (days: number, until: number): ExpiryNotice => ({
    type: 'token.expiring',
    expiresAfter: new Date(now.getTime() + until * DAY_MS),
    expiresBy: new Date(now.getTime() + days * DAY_MS),
    dedupeKey: (token) => `token.expiring:${token.id}:${token.expiresAt.toISOString()}:${days}d`,
    appliesTo: (token) => (token.rotatedAt ?? token.createdAt).getTime() < token.expiresAt.getTime() - days * DAY_MS,
  });
  return [
    reminder(7, 1),
    reminder(1, 0),
    {
      type: 'token.expired',
      expiresAfter: new Date(now.getTime() - EXPIRED_NOTICE_WINDOW_MS),
      expiresBy: now,
      dedupeKey: (token) => `token.expired:${token.id}`,
      appliesTo: () => true,
    },
  ];
}

function dataOf(token: ExpiringToken, now: Date) {
  return {
    tokenId: token.id,
    tokenName: token.name,
    expiresAt: token.expiresAt.toISOString(),
    daysLeft: Math.max(0, Math.ceil((token.expiresAt.getTime() - now.getTime()) / DAY_MS)),
  };
}

/** Unrevoked tokens whose expiry falls in the notice's window and that lack its event, a page at a time. */
async function* unnoticed(notice: ExpiryNotice): AsyncGenerator<ExpiringToken> {
  let after: ExpiringToken | undefined;
  while (true) {
    const page: ExpiringToken[] = await db.personalAccessToken.findMany({
      where: {
        revokedAt: null,
        expiresAt: { gt: notice.expiresAfter, lte: notice.expiresBy },
        ...(after && {
          OR: [{ expiresAt: { gt: after.expiresAt } }, { expiresAt: after.expiresAt, id: { gt: after.id } }],
        }),
      },
      orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
      take: PAGE_SIZE,
      select: { id: true, userId: true, name: true, createdAt: true, rotatedAt: true, expiresAt: true },
    });
    const candidates = page.filter((token) => notice.appliesTo(token));
    const noticed = await db.notificationEvent.findMany({
      where: { dedupeKey: { in: candidates.map((token) => notice.dedupeKey(token)) } },
      select: { dedupeKey: true },
    });
    const keys = new Set(noticed.map(({ dedupeKey }) => dedupeKey));
    yield* candidates.filter((token) => !keys.has(notice.dedupeKey(token)));
    after = page.at(-1);
    if (page.length < PAGE_SIZE) return;
  }
}

/**
 * Records `token.expiring` (7 days and 1 day before) and `token.expired` for unrevoked tokens, each once per
 * token (its dedupeKey), at most MAX_EVENTS_PER_SCAN a scan. Every replica may scan at the same moment: the
 * unique dedupeKey lets one of them record each event, and the others' attempts fail harmlessly. Returns how many
 * events this scan recorded.
 */
export async function scanForExpiringTokens(now: Date): Promise<number> {
  let recorded = 0;
  for (const notice of noticesAt(now)) {
    for await (const token of unnoticed(notice)) {
      if (recorded >= MAX_EVENTS_PER_SCAN) return recorded;
      try {
        const notified = await db.$transaction((tx) =>
          notify(tx, {
            userId: token.userId,
            type: notice.type,
            data: dataOf(token, now),
            at: now,
            dedupeKey: notice.dedupeKey(token),
          }),
        );
        if (notified) recorded++;
      } catch (error) {
        // Another replica recorded it first.
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }
  return recorded;
}
