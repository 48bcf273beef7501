import { requireViewer } from '../auth/viewer.js';
import { builder } from '../builder.js';
import { config } from '../config.js';
import type { Context } from '../context.js';
import { NotFoundError, ReauthenticationRequiredError, ValidationError, WebhookLimitError } from '../errors.js';
import {
  chooseNotification,
  type NotificationChoice,
  notificationChoicesOf,
  parseNotificationType,
} from '../notifications/choices.js';
import { emailEnabled } from '../notifications/preferences.js';
import { NOTIFICATION_TYPES, type NotificationType } from '../notifications/types.js';
import { checkWebhookUrl, WEBHOOK_URL_RULES } from '../notifications/webhook-url.js';
import {
  addWebhook,
  deleteWebhook,
  enableWebhook,
  parseWebhookEvents,
  sendTestWebhook,
  WEBHOOK_LIMIT_PER_USER,
  type WebhookOwner,
  webhookEvents,
} from '../notifications/webhooks.js';
import { requireRecentAuthentication } from '../security/enforce.js';
import type { LatchkeyPermission } from '../tokens/permissions.js';
import { localIdFor } from './global-ids.js';

export const WEBHOOK_TYPENAME = 'Webhook';

// One object for every field: scope-auth caches a scope map's verdict per request by its identity.
const READ_OR_WRITE_NOTIFICATIONS = { permission: ['notifications:read', 'notifications:write'] } as const satisfies {
  permission: LatchkeyPermission[];
};
const WRITE_NOTIFICATIONS = { permission: 'notifications:write' } as const;

const NOTIFICATION_TYPE_DESCRIPTIONS = {
  'token.expiring': 'A token expires in 7 days, and again in 1 day.',
  'token.expired': 'A token has expired.',
  'token.revoked': 'A token was revoked (with the reason).',
  'token.rotated': 'A token was given a new secret.',
  'token.used_from_new_address': 'A token was used from a network it had never been used from.',
  'token.leaked': 'A token was found exposed and revoked.',
  'token.refused_address': 'A token was refused because the request came from outside its address allowlist.',
  'token.inactive':
    'A token unused for a long time will be revoked in 7 days unless it is used (the inactivity policy).',
  'token.approved': 'An administrator approved a token that waited for approval (with their message, if any).',
  'token.denied': 'An administrator denied a token that waited for approval (with their message).',
} as const satisfies Record<NotificationType, string>;

const EVENT_TYPES_LIST = NOTIFICATION_TYPES.map((type) => `\`${type}\``).join(', ');

function ownerOf(context: Context): WebhookOwner {
  return { userId: requireViewer(context).userId, now: context.clock.now() };
}

function webhookIdFrom(globalId: string): string {
  const id = localIdFor(globalId, WEBHOOK_TYPENAME);
  if (!id) throw new NotFoundError('No webhook with that id exists.');
  return id;
}

const NotificationPreferenceRef = builder.objectRef<NotificationChoice>('NotificationPreference').implement({
  description: 'How you hear of one event type: by email, by webhook, both or neither.',
  fields: (t) => ({
    type: t.exposeString('type', { description: `The event type: one of ${EVENT_TYPES_LIST}.` }),
    description: t.string({
      description: 'What the event is, in a sentence fit to show a person.',
      resolve: (choice) => NOTIFICATION_TYPE_DESCRIPTIONS[choice.type],
    }),
    email: t.exposeBoolean('email', {
      description: 'Sent by email to your address (only while `NotificationSettings.emailEnabled`).',
    }),
    webhook: t.exposeBoolean('webhook', {
      description: 'Sent to each of your enabled webhook endpoints that subscribes to this type.',
    }),
  }),
});

const NotificationSettingsRef = builder.objectRef<{ userId: string }>('NotificationSettings').implement({
  description: 'What you are told about, and how.',
  fields: (t) => ({
    emailEnabled: t.boolean({
      description:
        'Whether this server sends email at all: false until its operator sets `LATCHKEY_SMTP_URL` and ' +
        '`LATCHKEY_MAIL_FROM`; email choices then wait unused.',
      resolve: () => emailEnabled(),
    }),
    preferences: t.field({
      type: [NotificationPreferenceRef],
      description: 'Every event type, in a fixed order: as you chose, or the defaults where you have not.',
      resolve: ({ userId }) => notificationChoicesOf(userId),
    }),
    webhookLimit: t.int({
      description: 'How many webhook endpoints an account may hold.',
      resolve: () => WEBHOOK_LIMIT_PER_USER,
    }),
  }),
});

const DeliveryStatusEnum = builder.enumType('NotificationDeliveryStatus', {
  description: 'Where a delivery is.',
  values: {
    PENDING: { description: 'Waiting to be sent, or to be retried after a failure.' },
    DELIVERED: { description: 'The endpoint answered with a 2xx status.' },
    FAILED: { description: 'Given up on after its retries, or its endpoint was disabled.' },
  },
});

builder.prismaObject('NotificationDelivery', {
  name: 'WebhookDelivery',
  description: 'One event sent, or on its way, to a webhook endpoint.',
  select: { id: true },
  fields: (t) => ({
    eventId: t.exposeString('eventId', {
      description: 'The event, as the `webhook-id` header carries it: receivers deduplicate by it.',
    }),
    eventType: t.string({
      description: 'What the event is: an event type, or `webhook.test`.',
      select: { event: { select: { type: true } } },
      resolve: (delivery) => delivery.event.type,
    }),
    status: t.expose('status', { type: DeliveryStatusEnum, description: 'Where the delivery is.' }),
    attempts: t.exposeInt('attempts', { description: 'How many times it was sent so far.' }),
    lastStatusCode: t.exposeInt('lastStatusCode', {
      nullable: true,
      description: 'The HTTP status of the last attempt; null before any, or when none came back.',
    }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'Why the last attempt failed (a timeout, a refused address, a status); null when it did not.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the event happened.' }),
    deliveredAt: t.expose('deliveredAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the endpoint accepted it; null until then.',
    }),
  }),
});

const RECENT_DELIVERIES_MAX = 50;

export const WebhookRef = builder.prismaNode('Webhook', {
  description:
    'One of your webhook endpoints: events are POSTed to it signed per the Standard Webhooks specification. ' +
    'Its signing secret is shown once, by `addWebhook`, and never again. Tokens need the `notifications:read` ' +
    'or `notifications:write` permission.',
  select: { id: true },
  id: { field: 'id', description: 'Global id.' },
  nullable: true,
  findUnique: (id, context) => ({ id, userId: context.viewer?.userId ?? '' }),
  authScopes: READ_OR_WRITE_NOTIFICATIONS,
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Where events are POSTed.' }),
    events: t.stringList({
      description: 'The event types it receives (when you chose webhook delivery for them).',
      select: { events: true },
      resolve: (webhook) => webhookEvents(webhook.events),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was added.' }),
    disabledAt: t.expose('disabledAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'When it was disabled for failing again and again (you were emailed); null while it receives events. ' +
        '`enableWebhook` turns it back on.',
    }),
    consecutiveFailures: t.exposeInt('consecutiveFailures', {
      description: 'Deliveries that failed in a row since the last one that succeeded.',
    }),
    recentDeliveries: t.relation('deliveries', {
      description: `Its latest deliveries, newest first: \`first\` of them, at most ${RECENT_DELIVERIES_MAX}.`,
      args: {
        first: t.arg.int({ defaultValue: 10, description: `How many, from 0 to ${RECENT_DELIVERIES_MAX}.` }),
      },
      query: ({ first }) => ({
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: Math.min(Math.max(first ?? 10, 0), RECENT_DELIVERIES_MAX),
      }),
    }),
  }),
});

builder.prismaObjectFields('User', (t) => ({
  notificationSettings: t.field({
    type: NotificationSettingsRef,
    description:
      'What you are told about, and how. Tokens need the `notifications:read` or `notifications:write` permission.',
    authScopes: READ_OR_WRITE_NOTIFICATIONS,
    resolve: (user) => ({ userId: user.id }),
  }),
  webhooks: t.relation('webhooks', {
    description:
      'Your webhook endpoints, oldest first. Tokens need the `notifications:read` or `notifications:write` ' +
      'permission.',
    authScopes: READ_OR_WRITE_NOTIFICATIONS,
    query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
  }),
}));

const NotificationPreferenceInput = builder.inputType('NotificationPreferenceInput', {
  description: 'How to hear of one event type.',
  fields: (t) => ({
    type: t.string({ required: true, description: `The event type: one of ${EVENT_TYPES_LIST}.` }),
    email: t.boolean({ required: true, description: 'By email.' }),
    webhook: t.boolean({ required: true, description: 'By webhook, to each endpoint that subscribes to it.' }),
  }),
});

const SetNotificationPreferenceSuccess = builder
  .objectRef<{ preference: NotificationChoice }>('SetNotificationPreferenceSuccess')
  .implement({
    description: 'The choice is saved.',
    fields: (t) => ({
      preference: t.expose('preference', { type: NotificationPreferenceRef, description: 'The choice as saved.' }),
    }),
  });

builder.mutationField('setNotificationPreference', (t) =>
  t.field({
    type: SetNotificationPreferenceSuccess,
    description:
      'Choose how to hear of one event type: email, webhook, both or neither. Tokens need the ' +
      '`notifications:write` permission.',
    authScopes: WRITE_NOTIFICATIONS,
    args: { input: t.arg({ type: NotificationPreferenceInput, required: true, description: 'The choice.' }) },
    errors: {
      types: [ValidationError],
      directResult: true,
      union: { name: 'SetNotificationPreferenceResult', description: 'The outcome of `setNotificationPreference`.' },
    },
    resolve: async (_root, { input }, context) => {
      const choice = { type: parseNotificationType(input.type), email: input.email, webhook: input.webhook };
      return { preference: await chooseNotification(ownerOf(context).userId, choice) };
    },
  }),
);

const AddWebhookInput = builder.inputType('AddWebhookInput', {
  description: 'A new webhook endpoint.',
  fields: (t) => ({
    url: t.string({ required: true, description: WEBHOOK_URL_RULES }),
    events: t.stringList({
      required: true,
      description: `The event types it receives, at least one, among ${EVENT_TYPES_LIST}.`,
    }),
  }),
});

const AddWebhookSuccess = builder
  .objectRef<{ webhook: { id: string }; secret: string }>('AddWebhookSuccess')
  .implement({
    description: 'The new endpoint, and its signing secret: the only time the secret is ever returned.',
    fields: (t) => ({
      webhook: t.expose('webhook', { type: WebhookRef, description: 'The new endpoint.' }),
      secret: t.exposeString('secret', {
        description:
          'The signing secret (`whsec_…`), to verify the `webhook-signature` header with a Standard Webhooks ' +
          'library. Store it now: it is never shown again.',
      }),
    }),
  });

builder.mutationField('addWebhook', (t) =>
  t.field({
    type: AddWebhookSuccess,
    description:
      `Add a webhook endpoint, at most ${WEBHOOK_LIMIT_PER_USER} per account. Tokens need the ` +
      '`notifications:write` permission; a session needs the password entered within the last 10 minutes ' +
      '(`reauthenticate`), as events about your tokens will go to it.',
    authScopes: WRITE_NOTIFICATIONS,
    args: { input: t.arg({ type: AddWebhookInput, required: true, description: 'The new endpoint.' }) },
    errors: {
      types: [ValidationError, WebhookLimitError, ReauthenticationRequiredError],
      directResult: true,
      union: { name: 'AddWebhookResult', description: 'The outcome of `addWebhook`.' },
    },
    resolve: async (_root, { input }, context) => {
      // Before the URL is looked up: a stolen session must not probe which names resolve where.
      requireRecentAuthentication(context);
      const events = parseWebhookEvents(input.events);
      const url = await checkWebhookUrl(input.url, { allowHttpWebhooks: config.allowHttpWebhooks });
      const { webhookId, secret } = await addWebhook(ownerOf(context), { url, events });
      return { webhook: { id: webhookId }, secret };
    },
  }),
);

const WebhookSuccess = (name: string, description: string) =>
  builder.objectRef<{ webhook: { id: string } }>(name).implement({
    description,
    fields: (t) => ({ webhook: t.expose('webhook', { type: WebhookRef, description: 'The endpoint as it is now.' }) }),
  });

const EnableWebhookSuccess = WebhookSuccess(
  'EnableWebhookSuccess',
  'The endpoint receives events again (or already did), its failures forgotten.',
);

const SendTestWebhookSuccess = builder
  .objectRef<{ webhook: { id: string }; eventId: string }>('SendTestWebhookSuccess')
  .implement({
    description: 'A `webhook.test` event is on its way; its delivery shows in `recentDeliveries`.',
    fields: (t) => ({
      webhook: t.expose('webhook', { type: WebhookRef, description: 'The endpoint.' }),
      eventId: t.exposeString('eventId', { description: 'The event, as its `webhook-id` header will carry it.' }),
    }),
  });

const DeleteWebhookSuccess = builder.objectRef<{ deletedWebhookId: string }>('DeleteWebhookSuccess').implement({
  description: 'The endpoint is gone, with its pending deliveries.',
  fields: (t) => ({
    deletedWebhookId: t.exposeID('deletedWebhookId', { description: 'Global id of the deleted endpoint.' }),
  }),
});

const WEBHOOK_ID_ARG_DESCRIPTION = 'Global id of one of your webhook endpoints.';

builder.mutationField('deleteWebhook', (t) =>
  t.field({
    type: DeleteWebhookSuccess,
    description: 'Delete a webhook endpoint for good. Tokens need the `notifications:write` permission.',
    authScopes: WRITE_NOTIFICATIONS,
    args: { id: t.arg.id({ required: true, description: WEBHOOK_ID_ARG_DESCRIPTION }) },
    errors: {
      types: [NotFoundError],
      directResult: true,
      union: { name: 'DeleteWebhookResult', description: 'The outcome of `deleteWebhook`.' },
    },
    resolve: async (_root, { id }, context) => {
      await deleteWebhook(ownerOf(context), webhookIdFrom(id));
      return { deletedWebhookId: id };
    },
  }),
);

builder.mutationField('enableWebhook', (t) =>
  t.field({
    type: EnableWebhookSuccess,
    description:
      'Turn a disabled webhook endpoint back on, with its count of failures reset; an enabled one stays as it is. ' +
      'Tokens need the `notifications:write` permission.',
    authScopes: WRITE_NOTIFICATIONS,
    args: { id: t.arg.id({ required: true, description: WEBHOOK_ID_ARG_DESCRIPTION }) },
    errors: {
      types: [NotFoundError],
      directResult: true,
      union: { name: 'EnableWebhookResult', description: 'The outcome of `enableWebhook`.' },
    },
    resolve: async (_root, { id }, context) => {
      const webhookId = webhookIdFrom(id);
      await enableWebhook(ownerOf(context), webhookId);
      return { webhook: { id: webhookId } };
    },
  }),
);

builder.mutationField('sendTestWebhook', (t) =>
  t.field({
    type: SendTestWebhookSuccess,
    description:
      'Send a `webhook.test` event to one endpoint, whatever it subscribes to, to check that it receives and ' +
      'verifies events. Tokens need the `notifications:write` permission.',
    authScopes: WRITE_NOTIFICATIONS,
    args: { id: t.arg.id({ required: true, description: WEBHOOK_ID_ARG_DESCRIPTION }) },
    errors: {
      types: [NotFoundError],
      directResult: true,
      union: { name: 'SendTestWebhookResult', description: 'The outcome of `sendTestWebhook`.' },
    },
    resolve: async (_root, { id }, context) => {
      const webhookId = webhookIdFrom(id);
      const eventId = await sendTestWebhook(ownerOf(context), webhookId);
      return { webhook: { id: webhookId }, eventId };
    },
  }),
);
