import type { Prisma } from '../generated/prisma/client.js';
import { newId } from '../ids.js';
import { channelsFor, emailEnabled } from './preferences.js';
import type { NotificationType, SystemNotificationType } from './types.js';

export interface NotificationInput {
  userId: string;
  type: NotificationType;
  /** What the event is about, as the payload shows it: never a secret. */
  data: Record<string, unknown>;
  at: Date;
  /** Makes the event happen once, however many replicas (or scans) find it; see NotificationEvent.dedupeKey. */
  dedupeKey?: string;
}

interface Delivery {
  channel: 'EMAIL' | 'WEBHOOK';
  webhookId: string | null;
}

/** The event row and its deliveries, due at once. */
async function recordEvent(
  tx: Prisma.TransactionClient,
  input: Omit<NotificationInput, 'type'> & { type: NotificationType | SystemNotificationType },
  deliveries: Delivery[],
): Promise<string> {
  const id = newId();
  await tx.notificationEvent.create({
    data: {
      id,
      userId: input.userId,
      type: input.type,
      dedupeKey: input.dedupeKey ?? null,
      payload: JSON.stringify(input.data),
      createdAt: input.at,
    },
  });
  for (const delivery of deliveries) {
    await tx.notificationDelivery.create({
      data: { id: newId(), eventId: id, ...delivery, nextAttemptAt: input.at, createdAt: input.at },
    });
  }
  return id;
}

/**
 * Records an event and one delivery per channel its owner wants it on (email, each subscribed webhook), in the
 * transaction of the change that causes it: the change and its notifications commit together or not at all
 * (an outbox). The worker sends them. An event whose dedupeKey exists already is not recorded again: returns
 * false then. Without a channel nor a dedupeKey nothing is written (and it returns true).
 */
export async function notify(tx: Prisma.TransactionClient, input: NotificationInput): Promise<boolean> {
  if (input.dedupeKey) {
    const existing = await tx.notificationEvent.findUnique({
      where: { dedupeKey: input.dedupeKey },
      select: { id: true },
    });
    if (existing) return false;
  }
  const { email, webhookIds } = await channelsFor(tx, input.userId, input.type);
  // Nobody to tell, and nothing to remember it by: no row at all.
  if (!email && webhookIds.length === 0 && !input.dedupeKey) return true;
  await recordEvent(tx, input, [
    ...(email ? [{ channel: 'EMAIL' as const, webhookId: null }] : []),
    ...webhookIds.map((webhookId) => ({ channel: 'WEBHOOK' as const, webhookId })),
  ]);
  return true;
}

/** An event for one webhook alone, whatever the preferences (the test event sent from the settings page). */
export function notifyWebhook(
  tx: Prisma.TransactionClient,
  input: Omit<NotificationInput, 'type' | 'dedupeKey'> & { type: 'webhook.test'; webhookId: string },
): Promise<string> {
  return recordEvent(tx, input, [{ channel: 'WEBHOOK', webhookId: input.webhookId }]);
}

/** An email to the owner alone, whatever the preferences (a webhook disabled after failing); null without email. */
export function notifyByEmail(
  tx: Prisma.TransactionClient,
  input: Omit<NotificationInput, 'type'> & { type: 'webhook.disabled' },
): Promise<string> | null {
  return emailEnabled() ? recordEvent(tx, input, [{ channel: 'EMAIL', webhookId: null }]) : null;
}
