import { db, engine } from '../db.js';
import { Prisma } from '../generated/prisma/client.js';
import { notifyByEmail } from './events.js';
import { MAX_ATTEMPTS, nextAttemptAt } from './retry-schedule.js';

/** Due now: pending, its retry time come, and not held by a worker (or held past its lease: a crashed one's). */
const dueAt = (now: Date) => ({
  status: 'PENDING' as const,
  nextAttemptAt: { lte: now },
  OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }],
});

/**
 * Takes up to `limit` due deliveries for this worker until `now + leaseMs`, and returns their ids. On PostgreSQL
 * one statement locks the rows it takes and skips those another replica's claim is taking at that moment
 * (`FOR UPDATE SKIP LOCKED`), so each delivery goes to exactly one replica. A single SQLite process needs no
 * more than a conditional update.
 */
export async function claimDueDeliveries(now: Date, limit: number, leaseMs: number): Promise<string[]> {
  const lockedUntil = new Date(now.getTime() + leaseMs);
  if (engine === 'postgresql') {
    // Timestamps are stored in UTC without a zone, as PostgreSQL reads an ISO string into one.
    const at = Prisma.sql`${now.toISOString()}::timestamp(3)`;
    const rows = await db.$queryRaw<{ id: string }[]>`
      UPDATE "NotificationDelivery" SET "lockedUntil" = ${lockedUntil.toISOString()}::timestamp(3)
      WHERE "id" IN (
        SELECT "id" FROM "NotificationDelivery"
        WHERE "status" = 'PENDING' AND "nextAttemptAt" <= ${at} AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${at})
        ORDER BY "nextAttemptAt" LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING "id"`;
    return rows.map(({ id }) => id);
  }
  const due = await db.notificationDelivery.findMany({
    where: dueAt(now),
    orderBy: { nextAttemptAt: 'asc' },
    take: limit,
    select: { id: true },
  });
  if (due.length === 0) return [];
  const claimed = await db.notificationDelivery.updateManyAndReturn({
    where: { id: { in: due.map(({ id }) => id) }, ...dueAt(now) },
    data: { lockedUntil },
    select: { id: true },
  });
  return claimed.map(({ id }) => id);
}

/** Claimed deliveries with what sending them takes: the event, the owner's address, the webhook. */
export function claimedDeliveries(ids: string[]) {
  return db.notificationDelivery.findMany({
    where: { id: { in: ids } },
    orderBy: { id: 'asc' },
    include: {
      event: { include: { user: { select: { email: true } } } },
      webhook: { select: { id: true, url: true, secret: true, disabledAt: true } },
    },
  });
}

export type ClaimedDelivery = Awaited<ReturnType<typeof claimedDeliveries>>[number];

export interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
}

/** This worker's claim, as it took it: a write after another worker retook it (a lease run out) changes nothing. */
const asClaimed = (delivery: ClaimedDelivery) => ({
  id: delivery.id,
  status: 'PENDING' as const,
  attempts: delivery.attempts,
});

export async function recordDelivered(delivery: ClaimedDelivery, outcome: AttemptOutcome, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.notificationDelivery.updateMany({
      where: asClaimed(delivery),
      data: {
        status: 'DELIVERED',
        attempts: { increment: 1 },
        deliveredAt: now,
        lockedUntil: null,
        lastStatusCode: outcome.statusCode,
        lastError: null,
      },
    });
    if (count === 1 && delivery.webhookId) {
      await tx.webhook.update({ where: { id: delivery.webhookId }, data: { consecutiveFailures: 0 } });
    }
  });
}

/** Test events get one attempt, answered at once on the settings page, and say nothing of the endpoint's health. */
const triedOnce = (delivery: ClaimedDelivery) => delivery.event.type === 'webhook.test';

/**
 * A failed attempt: retried later per the schedule, or failed for good after the last one. A webhook whose
 * delivery fails for good while its last MAX_ATTEMPTS attempts (about a day of them) all failed is disabled,
 * and its owner emailed, in the same transaction.
 */
export async function recordFailure(delivery: ClaimedDelivery, outcome: AttemptOutcome, now: Date): Promise<void> {
  const attempts = delivery.attempts + 1;
  const retryAt = triedOnce(delivery) ? null : nextAttemptAt(attempts, now);
  await db.$transaction(async (tx) => {
    const { count } = await tx.notificationDelivery.updateMany({
      where: asClaimed(delivery),
      data: {
        attempts,
        status: retryAt ? 'PENDING' : 'FAILED',
        nextAttemptAt: retryAt ?? delivery.nextAttemptAt,
        lockedUntil: null,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error?.slice(0, 500) ?? null,
      },
    });
    if (count === 0 || !delivery.webhook || triedOnce(delivery)) return;
    const webhook = await tx.webhook.update({
      where: { id: delivery.webhook.id },
      data: { consecutiveFailures: { increment: 1 } },
      select: { consecutiveFailures: true },
    });
    if (retryAt || webhook.consecutiveFailures < MAX_ATTEMPTS) return;
    await disableWebhook(tx, { ...delivery.webhook, userId: delivery.event.userId }, now);
  });
}

async function disableWebhook(
  tx: Prisma.TransactionClient,
  webhook: { id: string; url: string; userId: string },
  now: Date,
): Promise<void> {
  const { count } = await tx.webhook.updateMany({
    where: { id: webhook.id, disabledAt: null },
    data: { disabledAt: now },
  });
  if (count === 0) return;
  await notifyByEmail(tx, {
    userId: webhook.userId,
    type: 'webhook.disabled',
    data: { webhookId: webhook.id, url: webhook.url },
    at: now,
  });
}

/** A delivery that cannot be attempted (its webhook disabled, email turned off): failed, without an attempt. */
export async function recordUndeliverable(delivery: ClaimedDelivery, reason: string): Promise<void> {
  await db.notificationDelivery.updateMany({
    where: asClaimed(delivery),
    data: { status: 'FAILED', lockedUntil: null, lastError: reason },
  });
}
