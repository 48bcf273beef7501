/**
 * Everything a person can be told about (issue 17). The token events are theirs to choose channels for; the
 * webhook ones are the system's own (an endpoint disabled, a test event).
 */
export const NOTIFICATION_TYPES = [
  'token.expiring',
  'token.expired',
  'token.revoked',
  'token.rotated',
  'token.used_from_new_address',
  'token.leaked',
  'token.refused_address',
  'token.inactive',
  'token.approved',
  'token.denied',
] as const;

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** Events about a person's webhooks, sent where they concern whatever the preferences say. */
export type SystemNotificationType = 'webhook.test' | 'webhook.disabled';
