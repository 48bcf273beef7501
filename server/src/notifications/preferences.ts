import { config } from '../config.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { NotificationType } from './types.js';

/** Who hears of what without having chosen: expiring, leaked and new-address by email; nothing by webhook. */
export const DEFAULT_CHANNELS: Record<NotificationType, { email: boolean; webhook: boolean }> = {
  'token.expiring': { email: true, webhook: false },
  'token.expired': { email: false, webhook: false },
  'token.revoked': { email: false, webhook: false },
  'token.rotated': { email: false, webhook: false },
  'token.used_from_new_address': { email: true, webhook: false },
  'token.leaked': { email: true, webhook: false },
  'token.refused_address': { email: false, webhook: false },
  'token.inactive': { email: true, webhook: false },
  // The owner waits for the decision: by email unless they choose otherwise.
  'token.approved': { email: true, webhook: false },
  'token.denied': { email: true, webhook: false },
};

/** Whether this server can send email at all (LATCHKEY_SMTP_URL and LATCHKEY_MAIL_FROM are set). */
export function emailEnabled(): boolean {
  return config.smtpUrl !== null && config.mailFrom !== null;
}

/**
 * The channels `type` goes out on for `userId`: email when they want it and the server can send it, and each of
 * their enabled webhooks that subscribes to it when they want it by webhook.
 */
export async function channelsFor(
  tx: Prisma.TransactionClient,
  userId: string,
  type: NotificationType,
): Promise<{ email: boolean; webhookIds: string[] }> {
  const chosen = await tx.notificationPreference.findUnique({ where: { userId_type: { userId, type } } });
  const { email, webhook } = chosen ?? DEFAULT_CHANNELS[type];
  const webhooks = webhook
    ? await tx.webhook.findMany({ where: { userId, disabledAt: null }, select: { id: true, events: true } })
    : [];
  return {
    email: email && emailEnabled(),
    webhookIds: webhooks.filter(({ events }) => events.split(' ').includes(type)).map(({ id }) => id),
  };
}

/** Whether `type` goes out on any channel for `userId` at all. */
export async function anyChannelFor(
  tx: Prisma.TransactionClient,
  userId: string,
  type: NotificationType,
): Promise<boolean> {
  const { email, webhookIds } = await channelsFor(tx, userId, type);
  return email || webhookIds.length > 0;
}
