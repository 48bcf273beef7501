import { randomBytes } from 'node:crypto';
import { db, engine } from '../db.js';
import { NotFoundError, ValidationError, WebhookLimitError } from '../errors.js';
import { newId } from '../ids.js';
import { notifyWebhook } from './events.js';
import { NOTIFICATION_TYPES, type NotificationType } from './types.js';

export const WEBHOOK_LIMIT_PER_USER = 10;

export interface WebhookOwner {
  userId: string;
  now: Date;
}

/** Standard Webhooks' secret form: `whsec_` and the base64 of 24 to 64 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The event types asked for, known and in catalogue order, stored space-separated; at least one. */
export function parseWebhookEvents(requested: readonly string[]): string {
  const unknown = requested.filter((type) => !(NOTIFICATION_TYPES as readonly string[]).includes(type));
  if (unknown.length > 0) {
    throw ValidationError.forField(
      ['input', 'events'],
      `Unknown event type ${unknown.map((type) => JSON.stringify(type)).join(', ')}: choose among ${NOTIFICATION_TYPES.join(', ')}.`,
    );
  }
  if (requested.length === 0) throw ValidationError.forField(['input', 'events'], 'Choose at least one event.');
  return NOTIFICATION_TYPES.filter((type) => requested.includes(type)).join(' ');
}

export function webhookEvents(stored: string): NotificationType[] {
  return NOTIFICATION_TYPES.filter((type) => stored.split(' ').includes(type));
}

const notFound = () => new NotFoundError('No webhook with that id exists.');

/** Adds an endpoint with a new secret, returned here and never again. `url` is checked already (webhook-url.ts). */
export async function addWebhook(owner: WebhookOwner, input: { url: string; events: string }) {
  const secret = generateWebhookSecret();
  const webhook = await db.$transaction(async (tx) => {
    // Concurrent additions for one person queue up on PostgreSQL, so the limit holds; SQLite serialises already.
    if (engine === 'postgresql') {
      await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${owner.userId} FOR UPDATE`;
    }
    const existing = await tx.webhook.count({ where: { userId: owner.userId } });
    if (existing >= WEBHOOK_LIMIT_PER_USER) throw new WebhookLimitError(WEBHOOK_LIMIT_PER_USER);
    return tx.webhook.create({
      data: { id: newId(), userId: owner.userId, url: input.url, secret, events: input.events, createdAt: owner.now },
      select: { id: true },
    });
  });
  return { webhookId: webhook.id, secret };
}

export async function deleteWebhook(owner: WebhookOwner, id: string): Promise<void> {
  const { count } = await db.webhook.deleteMany({ where: { id, userId: owner.userId } });
  if (count === 0) throw notFound();
}

/** Sends to a disabled endpoint again, its failures forgotten; an enabled one stays as it is. */
export async function enableWebhook(owner: WebhookOwner, id: string): Promise<void> {
  const { count } = await db.webhook.updateMany({
    where: { id, userId: owner.userId, disabledAt: { not: null } },
    data: { disabledAt: null, consecutiveFailures: 0 },
  });
  if (count === 0 && (await db.webhook.count({ where: { id, userId: owner.userId } })) === 0) throw notFound();
}

/** Records a `webhook.test` event for this endpoint alone; the worker sends it like any other. */
export async function sendTestWebhook(owner: WebhookOwner, id: string): Promise<string> {
  return db.$transaction(async (tx) => {
    const webhook = await tx.webhook.findFirst({ where: { id, userId: owner.userId }, select: { id: true } });
    if (!webhook) throw notFound();
    return notifyWebhook(tx, {
      userId: owner.userId,
      webhookId: webhook.id,
      type: 'webhook.test',
      data: { message: 'A test event from Latchkey: this endpoint receives your notifications.' },
      at: owner.now,
    });
  });
}
