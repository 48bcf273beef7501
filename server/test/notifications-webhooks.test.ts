import { createServer, type Server } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { config } from '../src/config.js';
import { db } from '../src/db.js';
import { newId } from '../src/ids.js';
import { notify } from '../src/notifications/events.js';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../src/notifications/retry-schedule.js';
import type { NotificationType } from '../src/notifications/types.js';
import { NotificationWorker, type NotificationWorkerOptions } from '../src/notifications/worker.js';
import { refusedAddressRecorder } from '../src/tokens/refused-addresses.js';
import { createTestApp, localId, MINUTE, revokeMutation, TestClock } from './support/app.js';
import { type Mailbox, startMailbox } from './support/mailbox.js';
import { newWebhookSecret, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

let mailbox: Mailbox;
let receiver: WebhookReceiver;

beforeAll(async () => {
  mailbox = await startMailbox();
  config.smtpUrl = mailbox.url;
  config.mailFrom = 'latchkey@example.com';
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await Promise.all([mailbox.close(), receiver.close()]);
});

beforeEach(async () => {
  mailbox.messages.length = 0;
  receiver.received.length = 0;
  receiver.acknowledged.length = 0;
  receiver.answer(() => 200);
  await db.notificationDelivery.deleteMany();
});

function worker(clock: TestClock, options: Partial<NotificationWorkerOptions> = {}) {
  return new NotificationWorker({
    clock,
    publicUrl: 'https://tokens.example.com',
    mail: { smtpUrl: mailbox.url, from: 'latchkey@example.com' },
    allowHttpWebhooks: true,
    ...options,
  });
}

/** A person with one webhook at `url` that receives `types` (and wants them by webhook only). */
async function personWithWebhook(url: string, types: NotificationType[] = ['token.revoked']) {
  const app = createTestApp();
  const person = await app.signUp();
  const userId = localId(person.userId);
  const secret = newWebhookSecret();
  const webhook = await db.webhook.create({
    data: { id: newId(), userId, url, secret, events: types.join(' '), createdAt: app.clock.now() },
  });
  for (const type of types) {
    await db.notificationPreference.create({ data: { userId, type, email: false, webhook: true } });
  }
  return { app, person, userId, secret, webhook };
}

/** One `token.revoked` event for the person, recorded as a revocation would. */
async function recordEvent(userId: string, at: Date) {
  await db.$transaction((tx) =>
    notify(tx, { userId, type: 'token.revoked', data: { tokenId: newId(), tokenName: 'ci', reason: 'OWNER' }, at }),
  );
}

describe('webhook delivery', () => {
  it('POSTs the event signed per Standard Webhooks, with the event id as webhook-id', async () => {
    const { app, person, secret } = await personWithWebhook(receiver.url);
    const { id } = await app.generateToken({ cookie: person.cookie }, { name: 'ci' });
    await app.data(revokeMutation, { id }, { cookie: person.cookie });

    expect(await worker(app.clock).deliverDue()).toBe(1);
    const [request] = receiver.received;
    const event = await db.notificationEvent.findFirstOrThrow({ where: { userId: localId(person.userId) } });
    expect(request?.webhookId).toBe(event.id);
    expect(request?.headers['content-type']).toBe('application/json');
    const verified = new Webhook(secret).verify(request?.body ?? '', {
      'webhook-id': String(request?.headers['webhook-id']),
      'webhook-timestamp': String(request?.headers['webhook-timestamp']),
      'webhook-signature': String(request?.headers['webhook-signature']),
    });
    expect(verified).toEqual({
      type: 'token.revoked',
      timestamp: app.clock.now().toISOString(),
      data: { tokenId: id, tokenName: 'ci', reason: 'OWNER' },
    });
    expect(() => new Webhook(newWebhookSecret()).verify(request?.body ?? '', request?.headers as never)).toThrow();
  });

  it('retries with backoff after failures, with the same webhook-id, until the endpoint accepts it', async () => {
    const { app, userId } = await personWithWebhook(receiver.url);
    let answered = 0;
    receiver.answer(() => (++answered <= 2 ? 500 : 204));
    await recordEvent(userId, app.clock.now());
    const deliveries = worker(app.clock);
    const delivery = () => db.notificationDelivery.findFirstOrThrow();

    expect(await deliveries.deliverDue()).toBe(1);
    expect(await delivery()).toMatchObject({
      status: 'PENDING',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'HTTP 500',
    });
    app.clock.advance(MINUTE - 1);
    expect(await deliveries.deliverDue()).toBe(0);
    app.clock.advance(1);
    expect(await deliveries.deliverDue()).toBe(1);
    expect(await delivery()).toMatchObject({ status: 'PENDING', attempts: 2 });
    app.clock.advance(5 * MINUTE - 1);
    expect(await deliveries.deliverDue()).toBe(0);
    app.clock.advance(1);
    expect(await deliveries.deliverDue()).toBe(1);

    expect(await delivery()).toMatchObject({ status: 'DELIVERED', attempts: 3, lastStatusCode: 204, lastError: null });
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map(({ webhookId }) => webhookId)).size).toBe(1);
    expect(receiver.acknowledged).toHaveLength(1);
  });

  it('fails a delivery after its last attempt, about a day on, disables the webhook and emails its owner', async () => {
    const { app, person, userId, webhook } = await personWithWebhook(receiver.url);
    receiver.answer(() => 503);
    await recordEvent(userId, app.clock.now());
    const deliveries = worker(app.clock);

    for (const delay of [0, ...RETRY_DELAYS_MS]) {
      app.clock.advance(delay);
      expect(await deliveries.deliverDue()).toBe(1);
    }
    expect(RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0) / 3_600_000).toBeCloseTo(23.6, 1);
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
    expect(await db.notificationDelivery.findFirstOrThrow({ where: { webhookId: webhook.id } })).toMatchObject({
      status: 'FAILED',
      attempts: MAX_ATTEMPTS,
    });
    expect(await db.webhook.findUniqueOrThrow({ where: { id: webhook.id } })).toMatchObject({
      disabledAt: app.clock.now(),
      consecutiveFailures: MAX_ATTEMPTS,
    });

    expect(await deliveries.deliverDue()).toBe(1);
    expect(mailbox.messages.map((mail) => [mail.recipients, mail.parsed.subject])).toEqual([
      [[person.email], 'A webhook of yours was disabled'],
    ]);
    expect(mailbox.messages[0]?.parsed.text).toContain(receiver.url);
    // A disabled webhook gets no new events.
    await recordEvent(userId, app.clock.now());
    expect(await db.notificationDelivery.count({ where: { webhookId: webhook.id } })).toBe(1);
  });

  it('does not let a slow endpoint hold up the others, and times it out', async () => {
    const slow = await startWebhookReceiver(() => 'hold');
    try {
      const waiting = await personWithWebhook(slow.url);
      const answering = await personWithWebhook(receiver.url);
      await recordEvent(waiting.userId, waiting.app.clock.now());
      await recordEvent(answering.userId, waiting.app.clock.now());

      const sending = worker(waiting.app.clock, { webhookTimeoutMs: 2000 }).deliverDue();
      await vi.waitFor(
        async () => expect(await db.notificationDelivery.count({ where: { status: 'DELIVERED' } })).toBe(1),
        { timeout: 1500 },
      );
      expect(await sending).toBe(2);
      expect(
        await db.notificationDelivery.findFirstOrThrow({ where: { webhookId: waiting.webhook.id } }),
      ).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'no answer within 2 s' });
    } finally {
      await slow.close();
    }
  });

  it('sends refused-address events with the address and how many requests were refused', async () => {
    const { app, person, userId } = await personWithWebhook(receiver.url, ['token.refused_address']);
    const { id } = await app.generateToken({ cookie: person.cookie }, { name: 'ci' });
    const token = { id: localId(id), userId };
    for (let request = 0; request < 3; request++) refusedAddressRecorder.record(token, '203.0.113.9', app.clock.now());
    await refusedAddressRecorder.flush();

    await worker(app.clock).deliverDue();
    expect(JSON.parse(receiver.received[0]?.body ?? '{}').data).toEqual({
      tokenId: id,
      tokenName: 'ci',
      address: '203.0.113.9',
      count: 3,
    });
  });
});

/** A TCP server counting the connections made to it. */
async function connectionCounter(host: string) {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('webhook endpoints on private addresses (SSRF)', () => {
  it('refuses private, loopback, link-local and unique-local addresses without connecting', async () => {
    const [ipv4Loopback, ipv6Loopback] = await Promise.all([connectionCounter('127.0.0.1'), connectionCounter('::1')]);
    try {
      const urls = [
        'https://10.0.0.1/hooks',
        `https://127.0.0.1:${ipv4Loopback.port}/hooks`,
        `http://127.0.0.1:${ipv4Loopback.port}/hooks`,
        'https://169.254.169.254/latest/meta-data',
        `https://[::1]:${ipv6Loopback.port}/hooks`,
        'https://[fd00::1]/hooks',
        `https://localhost:${ipv4Loopback.port}/hooks`,
      ];
      const clock = new TestClock();
      for (const url of urls) await recordEvent((await personWithWebhook(url)).userId, clock.now());

      expect(await worker(clock, { allowHttpWebhooks: false, concurrency: urls.length }).deliverDue()).toBe(
        urls.length,
      );
      const deliveries = await db.notificationDelivery.findMany({ include: { webhook: true } });
      expect(deliveries.map((delivery) => [delivery.webhook?.url, delivery.status, delivery.lastError])).toEqual(
        expect.arrayContaining(
          urls.map((url) => [
            url,
            'PENDING',
            expect.stringMatching(/^refused: .* resolves to .*, which is not a public address$/),
          ]),
        ),
      );
      expect(ipv4Loopback.connections() + ipv6Loopback.connections()).toBe(0);
    } finally {
      await Promise.all([ipv4Loopback.close(), ipv6Loopback.close()]);
    }
  });

  it('accepts plain http:// only to loopback, and only in development (LATCHKEY_ALLOW_HTTP_WEBHOOKS)', async () => {
    const clock = new TestClock();
    const { webhook } = await personWithWebhook('http://192.0.2.1/hooks');
    await recordEvent(webhook.userId, clock.now());

    await worker(clock, { allowHttpWebhooks: true }).deliverDue();
    expect(await db.notificationDelivery.findFirstOrThrow()).toMatchObject({
      status: 'PENDING',
      lastError: 'refused: plain http:// is accepted only for loopback endpoints with LATCHKEY_ALLOW_HTTP_WEBHOOKS',
    });
  });
});
