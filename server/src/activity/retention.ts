import { db } from '../db.js';

/** How long a token's activity and addresses are kept: days of counts, and addresses since their last use. */
export const ACTIVITY_RETENTION_DAYS = 90;

const DAY_MS = 86_400_000;

/** Deletes activity older than the retention period at `now`; returns how many rows of each went. */
export async function deleteOldActivity(now: Date) {
  const cutoff = new Date(now.getTime() - ACTIVITY_RETENTION_DAYS * DAY_MS);
  const days = await db.tokenActivity.deleteMany({ where: { day: { lt: cutoff.toISOString().slice(0, 10) } } });
  const addresses = await db.tokenAddress.deleteMany({ where: { lastSeenAt: { lt: cutoff } } });
  return { activityDays: days.count, addresses: addresses.count };
}
