import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Webhook } from 'standardwebhooks';
import type { NotificationPayload } from './payload.js';
import { NonPublicAddressError, resolvePublicAddress } from './public-address.js';

export interface WebhookEndpoint {
  url: string;
  /** The signing secret, `whsec_…`. */
  secret: string;
}

export interface WebhookOptions {
  /** LATCHKEY_ALLOW_HTTP_WEBHOOKS: private addresses, and plain http:// to loopback, for development. */
  allowHttpWebhooks: boolean;
  timeoutMs: number;
}

/** One attempt's outcome: delivered on a 2xx; otherwise why not, for the delivery's `lastError`. */
export interface WebhookAttempt {
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
}

const failed = (error: string, statusCode: number | null = null): WebhookAttempt => ({
  delivered: false,
  statusCode,
  error,
});

/** The Standard Webhooks headers for `body`: `webhook-id` is the event's id, the same on every retry. */
export function signedHeaders(secret: string, eventId: string, body: string, at: Date): Record<string, string> {
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(eventId, at, body),
  };
}

/** Answers every lookup with the address already checked, so the connection goes where the check looked. */
function pinnedLookup(resolved: LookupAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [resolved]);
    else callback(null, resolved.address, resolved.family);
  };
}

function post(url: URL, resolved: LookupAddress, headers: Record<string, string>, body: string, timeoutMs: number) {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<WebhookAttempt>((resolve) => {
    const request = client.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Latchkey-Webhooks' },
      lookup: pinnedLookup(resolved),
      signal: AbortSignal.timeout(timeoutMs),
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      // Redirects are not followed: the endpoint is the URL its owner registered.
      resolve(
        status >= 200 && status < 300
          ? { delivered: true, statusCode: status, error: null }
          : failed(`HTTP ${status}`, status),
      );
      response.resume();
      request.destroy();
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      resolve(
        failed(
          error.name === 'AbortError' || error.name === 'TimeoutError'
            ? `no answer within ${timeoutMs / 1000} s`
            : error.message,
        ),
      );
    });
    request.end(body);
  });
}

/**
 * POSTs the payload, signed per Standard Webhooks, to the endpoint. The host is resolved first, and refused when
 * it resolves to anything but public addresses (SSRF; public-address.ts) unless `allowHttpWebhooks`; the request
 * then connects to the address checked. Plain http:// only to a loopback address, and only with
 * `allowHttpWebhooks`. Never throws: every failure is an attempt to retry.
 */
export async function postWebhook(
  endpoint: WebhookEndpoint,
  eventId: string,
  payload: NotificationPayload,
  options: WebhookOptions,
): Promise<WebhookAttempt> {
  const url = URL.canParse(endpoint.url) ? new URL(endpoint.url) : null;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return failed('not an https:// URL');
  let resolved: LookupAddress;
  try {
    resolved = await resolvePublicAddress(url.hostname, { allowPrivate: options.allowHttpWebhooks });
  } catch (error) {
    if (error instanceof NonPublicAddressError) return failed(`refused: ${error.message}`);
    return failed(`cannot resolve ${url.hostname}: ${(error as Error).message}`);
  }
  if (
    url.protocol === 'http:' &&
    !(options.allowHttpWebhooks && ipaddr.parse(resolved.address).range() === 'loopback')
  ) {
    return failed('refused: plain http:// is accepted only for loopback endpoints with LATCHKEY_ALLOW_HTTP_WEBHOOKS');
  }
  const body = JSON.stringify(payload);
  // Real time, not the injected clock: receivers check the timestamp against theirs.
  const headers = signedHeaders(endpoint.secret, eventId, body, new Date());
  return post(url, resolved, headers, body, options.timeoutMs);
}
