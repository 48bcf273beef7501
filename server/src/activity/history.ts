import { db } from '../db.js';
import { ACTIVITY_RETENTION_DAYS } from './retention.js';

const DAY_MS = 86_400_000;
/** Most addresses one read returns: the most recently used. */
export const MAX_LISTED_ADDRESSES = 100;

export interface ActivityCount {
  service: string;
  /** The GraphQL operation, for Latchkey's own API; null for another service. */
  operation: string | null;
  requests: number;
}

export interface ActivityDay {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  requests: number;
  counts: ActivityCount[];
}

/** The last `days` UTC days up to `now`'s, oldest first, each with its counts (zero when the token was unused). */
export async function activityDays(tokenId: string, days: number, now: Date): Promise<ActivityDay[]> {
  const today = Math.floor(now.getTime() / DAY_MS);
  const wanted = Array.from({ length: days }, (_, index) =>
    new Date((today - days + 1 + index) * DAY_MS).toISOString().slice(0, 10),
  );
  const rows = await db.tokenActivity.findMany({
    where: { tokenId, day: { gte: wanted[0] ?? '' } },
    orderBy: [{ day: 'asc' }, { requests: 'desc' }, { service: 'asc' }, { operation: 'asc' }],
  });
  return wanted.map((day) => {
    const counts = rows
      .filter((row) => row.day === day)
      .map(({ service, operation, requests }) => ({ service, operation: operation || null, requests }));
    return { day, requests: counts.reduce((sum, { requests }) => sum + requests, 0), counts };
  });
}

/** The addresses the token was used from within the retention period, most recently used first. */
export function recentAddresses(tokenId: string) {
  return db.tokenAddress.findMany({
    where: { tokenId },
    orderBy: [{ lastSeenAt: 'desc' }, { address: 'asc' }],
    take: MAX_LISTED_ADDRESSES,
  });
}

export const MAX_ACTIVITY_DAYS = ACTIVITY_RETENTION_DAYS;
