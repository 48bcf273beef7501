import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { NOTIFICATION_TYPES } from '../src/notifications/types.js';
import { createTestApp, localId, MINUTE } from './support/app.js';

const settingsQuery = `{
  viewer { notificationSettings { emailEnabled webhookLimit preferences { type email webhook } } }
}`;
const setPreference = `mutation ($input: NotificationPreferenceInput!) {
  setNotificationPreference(input: $input) {
    __typename
    ... on SetNotificationPreferenceSuccess { preference { type email webhook } }
    ... on ValidationError { message fieldErrors { path message } }
  }
}`;
const addWebhook = `mutation ($input: AddWebhookInput!) {
  addWebhook(input: $input) {
    __typename
    ... on AddWebhookSuccess { secret webhook { id url events disabledAt } }
    ... on WebhookLimitError { limit }
    ... on ValidationError { fieldErrors { path } }
    ... on Error { message }
  }
}`;
const webhooksQuery = `{
  viewer {
    webhooks {
      id url events createdAt disabledAt consecutiveFailures
      recentDeliveries { eventType status attempts lastStatusCode lastError deliveredAt }
    }
  }
}`;
const byId = (field: string, success: string, selection: string) => `mutation ($id: ID!) {
  ${field}(id: $id) { __typename ... on Error { message } ... on ${success} { ${selection} } }
}`;
const deleteWebhook = byId('deleteWebhook', 'DeleteWebhookSuccess', 'deletedWebhookId');
const enableWebhook = byId('enableWebhook', 'EnableWebhookSuccess', 'webhook { disabledAt consecutiveFailures }');
const sendTestWebhook = byId('sendTestWebhook', 'SendTestWebhookSuccess', 'eventId webhook { id }');

// A literal public address: checking it needs no DNS server.
const PUBLIC_URL = 'https://1.1.1.1/hooks/latchkey';

async function setUp() {
  const app = createTestApp();
  const person = await app.signUp();
  const session = { cookie: person.cookie };
  async function add(input: { url?: string; events?: string[] } = {}) {
    const result = await app.data(
      addWebhook,
      { input: { url: input.url ?? PUBLIC_URL, events: input.events ?? ['token.revoked', 'token.leaked'] } },
      session,
    );
    return result.addWebhook;
  }
  return { app, person, session, add };
}

describe('notification preferences', () => {
  it('lists every event type with its defaults until the person chooses, and says email is off', async () => {
    const { app, session } = await setUp();
    expect((await app.data(settingsQuery, {}, session)).viewer.notificationSettings).toEqual({
      emailEnabled: false,
      webhookLimit: 10,
      preferences: [
        { type: 'token.expiring', email: true, webhook: false },
        { type: 'token.expired', email: false, webhook: false },
        { type: 'token.revoked', email: false, webhook: false },
        { type: 'token.rotated', email: false, webhook: false },
        { type: 'token.used_from_new_address', email: true, webhook: false },
        { type: 'token.leaked', email: true, webhook: false },
        { type: 'token.refused_address', email: false, webhook: false },
        { type: 'token.inactive', email: true, webhook: false },
        { type: 'token.approved', email: true, webhook: false },
        { type: 'token.denied', email: true, webhook: false },
      ],
    });
  });

  it('saves a choice for one event type and leaves the others at their defaults', async () => {
    const { app, session } = await setUp();
    const input = { type: 'token.expiring', email: false, webhook: true };
    expect((await app.data(setPreference, { input }, session)).setNotificationPreference).toEqual({
      __typename: 'SetNotificationPreferenceSuccess',
      preference: input,
    });
    await app.data(setPreference, { input: { ...input, email: true } }, session);
    const { preferences } = (await app.data(settingsQuery, {}, session)).viewer.notificationSettings;
    expect(preferences[0]).toEqual({ type: 'token.expiring', email: true, webhook: true });
    expect(preferences[5]).toEqual({ type: 'token.leaked', email: true, webhook: false });
  });

  it('refuses an unknown event type, naming the known ones', async () => {
    const { app, session } = await setUp();
    const input = { type: 'webhook.test', email: true, webhook: true };
    const result = (await app.data(setPreference, { input }, session)).setNotificationPreference;
    expect(result.__typename).toBe('ValidationError');
    expect(result.message).toMatch(/^Unknown event type "webhook.test": choose among token.expiring, /);
    expect(result.fieldErrors[0].path).toEqual(['input', 'type']);
  });
});

describe('webhook endpoints', () => {
  it('shows the signing secret once, when the endpoint is added, and never again', async () => {
    const { app, session, add } = await setUp();
    const added = await add();
    expect(added.__typename).toBe('AddWebhookSuccess');
    expect(added.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(() => new Webhook(added.secret)).not.toThrow();
    expect(added.webhook).toMatchObject({
      url: PUBLIC_URL,
      events: ['token.revoked', 'token.leaked'],
      disabledAt: null,
    });

    const listed = await app.request(webhooksQuery, {}, session);
    expect(listed.body.data.viewer.webhooks).toEqual([
      {
        id: added.webhook.id,
        url: PUBLIC_URL,
        events: ['token.revoked', 'token.leaked'],
        createdAt: '2026-01-15T12:00:00.000Z',
        disabledAt: null,
        consecutiveFailures: 0,
        recentDeliveries: [],
      },
    ]);
    expect(listed.text).not.toContain(added.secret);
    const fields = await app.data('{ __type(name: "Webhook") { fields { name } } }', {}, session);
    expect(fields.__type.fields.map(({ name }: { name: string }) => name)).not.toContain('secret');
  });

  it('stores the events in a fixed order, without repeats', async () => {
    const { add } = await setUp();
    const added = await add({ events: ['token.leaked', 'token.expiring', 'token.leaked'] });
    expect(added.webhook.events).toEqual(['token.expiring', 'token.leaked']);
  });

  it.each([
    ['ftp://1.1.1.1/hooks', 'The URL must start with https:// (not ftp://): webhooks are sent over TLS only.'],
    ['http://example.com/hooks', 'The URL must start with https:// (not http://): webhooks are sent over TLS only.'],
    ['https://10.0.0.1/hooks', '10.0.0.1 is a private address: webhooks may only go to public addresses.'],
    [
      'https://169.254.169.254/latest',
      '169.254.169.254 is a link-local address: webhooks may only go to public addresses.',
    ],
    ['https://[::1]/hooks', '[::1] is a loopback address: webhooks may only go to public addresses.'],
    [
      'https://localhost/hooks',
      /^localhost resolves to (127\.0\.0\.1|::1), a loopback address: webhooks may only go to public addresses\.$/,
    ],
    ['example.com/hooks', 'Enter a full URL, such as https://example.com/hooks/latchkey.'],
    ['https://user:pw@1.1.1.1/hooks', 'The URL must not contain a user name or password.'],
  ])('refuses %s, saying why', async (url, message) => {
    const { app, session, add } = await setUp();
    const result = await add({ url });
    expect(result).toEqual({
      __typename: 'ValidationError',
      message: typeof message === 'string' ? message : expect.stringMatching(message),
      fieldErrors: [{ path: ['input', 'url'] }],
    });
    expect((await app.data(webhooksQuery, {}, session)).viewer.webhooks).toEqual([]);
  });

  it('refuses unknown event types and an empty choice', async () => {
    const { add } = await setUp();
    expect(await add({ events: ['token.exploded'] })).toMatchObject({
      __typename: 'ValidationError',
      message: expect.stringMatching(/^Unknown event type "token.exploded": choose among /),
      fieldErrors: [{ path: ['input', 'events'] }],
    });
    expect(await add({ events: [] })).toMatchObject({
      __typename: 'ValidationError',
      message: 'Choose at least one event.',
    });
  });

  it('holds a person to 10 endpoints', async () => {
    const { add } = await setUp();
    for (let added = 0; added < 10; added++) expect((await add()).__typename).toBe('AddWebhookSuccess');
    expect(await add()).toEqual({
      __typename: 'WebhookLimitError',
      limit: 10,
      message: 'You have reached the limit of 10 webhook endpoints. Delete one you no longer need.',
    });
  });

  it('asks a session for its password before adding an endpoint, 10 minutes after entering it', async () => {
    const { app, add } = await setUp();
    app.clock.advance(10 * MINUTE + 1);
    expect((await add()).__typename).toBe('ReauthenticationRequiredError');
    expect((await add({ url: 'https://10.0.0.1/' })).__typename).toBe('ReauthenticationRequiredError');
  });

  it('deletes an endpoint; deleting it again finds nothing', async () => {
    const { app, session, add } = await setUp();
    const { webhook } = await add();
    expect((await app.data(deleteWebhook, { id: webhook.id }, session)).deleteWebhook).toEqual({
      __typename: 'DeleteWebhookSuccess',
      deletedWebhookId: webhook.id,
    });
    expect((await app.data(webhooksQuery, {}, session)).viewer.webhooks).toEqual([]);
    expect((await app.data(deleteWebhook, { id: webhook.id }, session)).deleteWebhook).toEqual({
      __typename: 'NotFoundError',
      message: 'No webhook with that id exists.',
    });
  });

  it('enables a disabled endpoint again and forgets its failures', async () => {
    const { app, session, add } = await setUp();
    const { webhook } = await add();
    await db.webhook.update({
      where: { id: localId(webhook.id) },
      data: { disabledAt: app.clock.now(), consecutiveFailures: 12 },
    });
    expect((await app.data(webhooksQuery, {}, session)).viewer.webhooks[0]).toMatchObject({
      disabledAt: '2026-01-15T12:00:00.000Z',
      consecutiveFailures: 12,
    });
    expect((await app.data(enableWebhook, { id: webhook.id }, session)).enableWebhook).toEqual({
      __typename: 'EnableWebhookSuccess',
      webhook: { disabledAt: null, consecutiveFailures: 0 },
    });
    expect((await app.data(enableWebhook, { id: webhook.id }, session)).enableWebhook.__typename).toBe(
      'EnableWebhookSuccess',
    );
  });

  it('records a webhook.test event with one delivery, to that endpoint alone, whatever it subscribes to', async () => {
    const { app, session, add, person } = await setUp();
    const { webhook } = await add({ events: ['token.expired'] });
    const other = await add();
    const result = (await app.data(sendTestWebhook, { id: webhook.id }, session)).sendTestWebhook;
    expect(result.__typename).toBe('SendTestWebhookSuccess');

    const event = await db.notificationEvent.findUniqueOrThrow({
      where: { id: result.eventId },
      include: { deliveries: true },
    });
    expect(event).toMatchObject({ userId: localId(person.userId), type: 'webhook.test' });
    expect(event.deliveries).toEqual([
      expect.objectContaining({ channel: 'WEBHOOK', webhookId: localId(webhook.id), status: 'PENDING', attempts: 0 }),
    ]);
    const webhooks = (await app.data(webhooksQuery, {}, session)).viewer.webhooks;
    expect(webhooks.find(({ id }: { id: string }) => id === webhook.id).recentDeliveries).toEqual([
      {
        eventType: 'webhook.test',
        status: 'PENDING',
        attempts: 0,
        lastStatusCode: null,
        lastError: null,
        deliveredAt: null,
      },
    ]);
    expect(webhooks.find(({ id }: { id: string }) => id === other.webhook.id).recentDeliveries).toEqual([]);
  });

  it("treats another person's endpoint as one that does not exist", async () => {
    const { app, add } = await setUp();
    const { webhook } = await add();
    const stranger = { cookie: (await app.signUp()).cookie };
    const notFound = { __typename: 'NotFoundError', message: 'No webhook with that id exists.' };
    expect((await app.data(deleteWebhook, { id: webhook.id }, stranger)).deleteWebhook).toEqual(notFound);
    expect((await app.data(enableWebhook, { id: webhook.id }, stranger)).enableWebhook).toEqual(notFound);
    expect((await app.data(sendTestWebhook, { id: webhook.id }, stranger)).sendTestWebhook).toEqual(notFound);
    expect((await app.data('query ($id: ID!) { node(id: $id) { id } }', { id: webhook.id }, stranger)).node).toBeNull();
    expect((await app.data(webhooksQuery, {}, stranger)).viewer.webhooks).toEqual([]);
    expect(await db.notificationDelivery.count({ where: { webhookId: localId(webhook.id) } })).toBe(0);
  });
});

describe('notification permissions for tokens', () => {
  it('lets notifications:read read the settings and endpoints, and only notifications:write change them', async () => {
    const { app, session, add } = await setUp();
    const { webhook } = await add();
    const reader = { token: (await app.generateToken(session, { permissions: ['notifications:read'] })).secret };
    const writer = { token: (await app.generateToken(session, { permissions: ['notifications:write'] })).secret };
    const other = { token: (await app.generateToken(session, { permissions: ['tokens:read'] })).secret };

    expect((await app.data(webhooksQuery, {}, reader)).viewer.webhooks).toHaveLength(1);
    expect((await app.data(settingsQuery, {}, writer)).viewer.notificationSettings.preferences).toHaveLength(
      NOTIFICATION_TYPES.length,
    );
    const refused = await app.request(webhooksQuery, {}, other);
    expect(refused.body.errors[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredPermissions: ['notifications:read', 'notifications:write'],
    });

    const denied = await app.request(sendTestWebhook, { id: webhook.id }, reader);
    expect(denied.body.errors[0].extensions.requiredPermissions).toEqual(['notifications:write']);
    // A token has no password to confirm: its permission is enough, long after any sign-in.
    app.clock.advance(60 * MINUTE);
    expect(
      (await app.data(addWebhook, { input: { url: PUBLIC_URL, events: ['token.leaked'] } }, writer)).addWebhook
        .__typename,
    ).toBe('AddWebhookSuccess');
  });
});
