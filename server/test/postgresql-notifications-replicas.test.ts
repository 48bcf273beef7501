import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db.js';
import { claimDueDeliveries } from '../src/notifications/delivery-queue.js';
import { testDatabaseUrl } from './support/database.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';
import { pendingWebhookEvents, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const DELIVERIES = 50;

let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver.close();
});

beforeEach(async () => {
  await db.notificationDelivery.deleteMany();
});

describe('notification workers on several replicas', () => {
  it('never hand one delivery to two claims made at the same moment', async () => {
    await pendingWebhookEvents(receiver.url, DELIVERIES);
    const now = new Date();
    const claims = await Promise.all(Array.from({ length: 4 }, () => claimDueDeliveries(now, DELIVERIES, 60_000)));
    const claimed = claims.flat();
    expect(claimed).toHaveLength(DELIVERIES);
    expect(new Set(claimed).size).toBe(DELIVERIES);
  });

  it('deliver each of 50 pending deliveries exactly once between two replicas', { timeout: 120_000 }, async () => {
    const env = { DATABASE_URL: testDatabaseUrl, LATCHKEY_ALLOW_HTTP_WEBHOOKS: 'true' };
    const replicas: RunningServer[] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    try {
      receiver.received.length = 0;
      const eventIds = await pendingWebhookEvents(receiver.url, DELIVERIES);
      await vi.waitFor(
        async () => expect(await db.notificationDelivery.count({ where: { status: 'DELIVERED' } })).toBe(DELIVERIES),
        { timeout: 30_000, interval: 200 },
      );
      expect(receiver.received.map(({ webhookId }) => webhookId).sort()).toEqual(eventIds.sort());
      expect(await db.notificationDelivery.findMany({ distinct: ['attempts'], select: { attempts: true } })).toEqual([
        { attempts: 1 },
      ]);
    } finally {
      await Promise.all(replicas.map((replica) => replica.stop()));
    }
  });
});
