import { db } from '../db.js';
import { ValidationError } from '../errors.js';
import { DEFAULT_CHANNELS } from './preferences.js';
import { NOTIFICATION_TYPES, type NotificationType } from './types.js';

export interface NotificationChoice {
  type: NotificationType;
  email: boolean;
  webhook: boolean;
}

export function parseNotificationType(type: string): NotificationType {
  const known = NOTIFICATION_TYPES.find((candidate) => candidate === type);
  if (!known) {
    throw ValidationError.forField(
      ['input', 'type'],
      `Unknown event type ${JSON.stringify(type)}: choose among ${NOTIFICATION_TYPES.join(', ')}.`,
    );
  }
  return known;
}

/** Every event type, as the person chose it or else as the defaults have it. */
export async function notificationChoicesOf(userId: string): Promise<NotificationChoice[]> {
  const chosen = await db.notificationPreference.findMany({ where: { userId } });
  return NOTIFICATION_TYPES.map((type) => {
    const row = chosen.find((preference) => preference.type === type);
    return { type, ...(row ? { email: row.email, webhook: row.webhook } : DEFAULT_CHANNELS[type]) };
  });
}

export async function chooseNotification(userId: string, choice: NotificationChoice): Promise<NotificationChoice> {
  const { type, email, webhook } = choice;
  await db.notificationPreference.upsert({
    where: { userId_type: { userId, type } },
    create: { userId, type, email, webhook },
    update: { email, webhook },
  });
  return choice;
}
