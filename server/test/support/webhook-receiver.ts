import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
