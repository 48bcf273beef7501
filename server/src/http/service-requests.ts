import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { config } from '../config.js';
import { logEvent } from '../logging/logger.js';
import type { Service } from '../permissions/catalogue.js';
import { BUILT_IN_SERVICE_ID } from '../permissions/catalogue-file.js';
import { operatorCatalogue } from '../permissions/operator-catalogue.js';
import { verifyServiceKey } from '../services/service-keys.js';
import { forwardedClientAddress } from './request-origin.js';
import { apiResponseHeaders } from './response-effects.js';

// What the operator's services send and get back, apart from GraphQL: introspection.ts and forward-auth.ts.
// Served straight from node:http (index.ts), so a verification costs no GraphQL parsing or validation.

/** Every answer to a service: our API headers (no caching, nothing to frame or sniff). */
const SERVICE_RESPONSE_HEADERS: OutgoingHttpHeaders = { ...apiResponseHeaders, Pragma: 'no-cache' };

/** Writes the whole answer: a JSON body, or none. */
export function answer(response: ServerResponse, status: number, body: string, headers: OutgoingHttpHeaders = {}) {
  response.writeHead(status, {
    ...SERVICE_RESPONSE_HEADERS,
    ...(body.length > 0 ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}),
    ...headers,
  });
  response.end(body);
}

/** One of the operator's services, never Latchkey itself: its own API is GraphQL. */
function operatorService(serviceId: string | null | undefined): Service | undefined {
  if (!serviceId || serviceId === BUILT_IN_SERVICE_ID) return undefined;
  return operatorCatalogue().service(serviceId);
}

/**
 * The service a request proves it is: `serviceId` must name one of the operator's services and `key` be a live
 * key of it. Null for anything else, logged without the key.
 */
export async function authenticatedService(
  serviceId: string | null | undefined,
  key: string | null | undefined,
  now: Date,
): Promise<Service | null> {
  const service = operatorService(serviceId);
  if (service && key && (await verifyServiceKey(service.id, key, now))) return service;
  logEvent('service_key_refused', { service: typeof serviceId === 'string' ? serviceId.slice(0, 100) : null });
  return null;
}

// Per replica and per service: a service that floods one replica slows none of the others' services.
const requestsPerService = new RateLimiterMemory({ points: config.serviceRequestsPerMinute, duration: 60 });

/** Seconds to wait when the service has used up this minute's requests, else null. */
export async function serviceRateLimited(service: Service): Promise<number | null> {
  try {
    await requestsPerService.consume(service.id);
    return null;
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    logEvent('rate_limited', { rule: 'service-requests', service: service.id });
    return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
  }
}

/** The client's address as the authenticated proxy passes it on: X-Real-IP, else the last X-Forwarded-For entry. */
export function proxiedClientAddress(request: IncomingMessage): string | null {
  const realIp = request.headers['x-real-ip'];
  if (typeof realIp === 'string' && isIP(realIp.trim())) return realIp.trim();
  const forwardedFor = request.headers['x-forwarded-for'];
  // The authenticated proxy appended the address it received the request from.
  return forwardedClientAddress(typeof forwardedFor === 'string' ? forwardedFor : null, 1);
}
