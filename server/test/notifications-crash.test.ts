import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '../src/db.js';
import { testDatabaseUrl } from './support/database.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';
import { pendingWebhookEvents, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const EVENTS = 20;
/** The worker's default: deliveries sent at once, so claimed at once. */
const CONCURRENCY = 8;
const serverEnv = { DATABASE_URL: testDatabaseUrl, LATCHKEY_ALLOW_HTTP_WEBHOOKS: 'true' };

let receiver: WebhookReceiver;
let server: RunningServer | undefined;

beforeAll(async () => {
  receiver = await startWebhookReceiver(() => 'hold');
});

afterAll(async () => {
  await server?.stop();
  await receiver.close();
});

function killed(running: RunningServer): Promise<void> {
  return new Promise((resolve) => {
    running.process.once('exit', () => resolve());
    running.process.kill('SIGKILL');
  });
}

const statuses = async () => {
  const deliveries = await db.notificationDelivery.findMany({ select: { status: true, lockedUntil: true } });
  return {
    delivered: deliveries.filter(({ status }) => status === 'DELIVERED').length,
    claimed: deliveries.filter(({ status, lockedUntil }) => status === 'PENDING' && lockedUntil).length,
    unclaimed: deliveries.filter(({ status, lockedUntil }) => status === 'PENDING' && !lockedUntil).length,
  };
};

describe('a server killed while sending notifications', () => {
  it('loses no event, and no endpoint acknowledges the same webhook-id twice', { timeout: 120_000 }, async () => {
    const eventIds = await pendingWebhookEvents(receiver.url, EVENTS);

    // The endpoint holds every request: the server has claimed as many as it sends at once, and waits.
    server = await startServerProcess(serverEnv);
    await vi.waitFor(() => expect(receiver.received).toHaveLength(CONCURRENCY), { timeout: 20_000, interval: 100 });
    expect(await statuses()).toEqual({ delivered: 0, claimed: CONCURRENCY, unclaimed: EVENTS - CONCURRENCY });
    await killed(server);

    // Restarted: it sends what nobody had claimed, and leaves the dead process's claims until their lease ends.
    receiver.answer(() => 200);
    server = await startServerProcess(serverEnv);
    await vi.waitFor(
      async () =>
        expect(await statuses()).toEqual({ delivered: EVENTS - CONCURRENCY, claimed: CONCURRENCY, unclaimed: 0 }),
      { timeout: 20_000, interval: 200 },
    );
    // As though the 60-second lease had run out, without waiting for it.
    await db.notificationDelivery.updateMany({
      where: { lockedUntil: { not: null } },
      data: { lockedUntil: new Date(Date.now() - 1000) },
    });
    await vi.waitFor(async () => expect(await statuses()).toEqual({ delivered: EVENTS, claimed: 0, unclaimed: 0 }), {
      timeout: 20_000,
      interval: 200,
    });

    expect([...receiver.acknowledged].sort()).toEqual([...eventIds].sort());
    // The requests cut by the kill were sent again, with the same webhook-id: at least once, never acknowledged twice.
    expect(receiver.received).toHaveLength(EVENTS + CONCURRENCY);
    expect(new Set(receiver.received.map(({ webhookId }) => webhookId)).size).toBe(EVENTS);
  });
});
