import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { db } from '../../src/db.js';
import { newId } from '../../src/ids.js';
import { notify } from '../../src/notifications/events.js';
import { createTestApp, localId } from './app.js';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  webhookId: string;
}

/** The status to answer a request with, or `hold` to leave it unanswered until `releaseHeld` (or forever). */
export type Answer = number | 'hold';

/** A new Standard Webhooks signing secret, as the settings page would make one. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * A webhook endpoint in the test process on 127.0.0.1 (LATCHKEY_ALLOW_HTTP_WEBHOOKS allows it): keeps every
 * request, answers as `answer` says, and lists the `webhook-id`s of the 2xx answers it finished sending.
 */
export async function startWebhookReceiver(answer: (request: ReceivedWebhook) => Answer = () => 200) {
  const received: ReceivedWebhook[] = [];
  const acknowledged: string[] = [];
  const held = new Set<ServerResponse>();
  let answerWith = answer;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const webhook = {
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
        webhookId: String(request.headers['webhook-id']),
      };
      received.push(webhook);
      const status = answerWith(webhook);
      if (status === 'hold') {
        held.add(response);
        return;
      }
      response.on('finish', () => {
        if (status >= 200 && status < 300) acknowledged.push(webhook.webhookId);
      });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    acknowledged,
    answer(next: (request: ReceivedWebhook) => Answer) {
      answerWith = next;
    },
    /** Answers every request left waiting with `status`. */
    releaseHeld(status = 503) {
      for (const response of held) response.writeHead(status).end();
      held.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/**
 * A new account whose `token.revoked` events go to `url` by webhook alone, and `count` such events recorded (due
 * now, one delivery each); returns the events' ids.
 */
export async function pendingWebhookEvents(url: string, count: number): Promise<string[]> {
  const app = createTestApp();
  const userId = localId((await app.signUp()).userId);
  await db.webhook.create({
    data: { id: newId(), userId, url, secret: newWebhookSecret(), events: 'token.revoked', createdAt: new Date() },
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
