import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db.js';
import { newId } from '../src/ids.js';
import { claimDueDeliveries } from '../src/notifications/delivery-queue.js';
import { notify } from '../src/notifications/events.js';
import { createTestApp, localId } from './support/app.js';
import { testDatabaseUrl } from './support/database.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';
import { newWebhookSecret, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

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

/** `count` pending webhook deliveries, one per event, due now. */
async function pendingDeliveries(count: number): Promise<string[]> {
  const app = createTestApp();
  const userId = localId((await app.signUp()).userId);
  await db.webhook.create({
    data: {
      id: newId(),
      userId,
      url: receiver.url,
      secret: newWebhookSecret(),
      events: 'token.revoked',
      createdAt: new Date(),
    },
  });
  await db.notificationPreference.create({ data: { userId, type: 'token.revoked', email: false, webhook: true } });
  await db.$transaction(async (tx) => {
    for (let event = 0; event < count; event++) {
      const data = { tokenId: newId(), tokenName: `token ${event}`, reason: 'OWNER' };
      await notify(tx, { userId, type: 'token.revoked', data, at: new Date() });
    }
  });
  return (await db.notificationEvent.findMany({ where: { userId }, select: { id: true } })).map(({ id }) => id);
}

describe('notification workers on several replicas', () => {
  it('never hand one delivery to two claims made at the same moment', async () => {
    await pendingDeliveries(DELIVERIES);
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
      const eventIds = await pendingDeliveries(DELIVERIES);
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
