import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { NeverStaleMemo } from '../caches.js';
import { config } from '../config.js';
import { logEvent } from '../logging/logger.js';
import type { Service } from '../permissions/catalogue.js';
import { BUILT_IN_SERVICE_ID } from '../permissions/catalogue-file.js';
import { operatorCatalogue } from '../permissions/operator-catalogue.js';
import { verifyServiceKey } from '../services/service-keys.js';
import { headerCount } from './raw-headers.js';
import { forwardedClientAddress } from './request-origin.js';
import { apiResponseHeaders } from './response-effects.js';

// What the operator's services send and get back, apart from GraphQL: introspection.ts, forward-auth.ts and
// revocation-stream.ts.
// Served straight from node:http (index.ts), so a verification costs no GraphQL parsing or validation.

/** How the service endpoints are served (service-routes.ts); tests shorten the intervals. */
export interface ServiceRouteOptions {
  /** How often an open revocation stream sends a keepalive and checks its service key again (default 15 s). */
  revocationKeepaliveMs?: number;
}

/** Every answer to a service: our API headers (no caching, nothing to frame or sniff). */
export const SERVICE_RESPONSE_HEADERS: OutgoingHttpHeaders = { ...apiResponseHeaders, Pragma: 'no-cache' };

/** Writes the whole answer: a JSON body, or none. */
export function answer(response: ServerResponse, status: number, body: string, headers: OutgoingHttpHeaders = {}) {
  response.writeHead(status, {
    ...SERVICE_RESPONSE_HEADERS,
    ...(body.length > 0 ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}),
    ...headers,
  });
  response.end(body);
}

interface BasicCredentials {
  id: string;
  key: string;
}

// A service sends the same header on every call; decoding it once is enough. Never stale: a header always
// decodes to the same pair (whether that pair is valid is checked every time).
const decodedHeaders = new NeverStaleMemo<string, BasicCredentials | null>(1000);

function decodeBasic(header: string): BasicCredentials | null {
  const match = /^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { id: decoded.slice(0, colon), key: decoded.slice(colon + 1) } : null;
}

/** `service-id:service-key` from `Authorization: Basic …` (RFC 7617), or null for any other shape. */
export function basicCredentials(request: IncomingMessage): BasicCredentials | null {
  const header = request.headers.authorization;
  if (!header || headerCount(request, 'authorization') > 1) return null;
  let credentials = decodedHeaders.get(header);
  if (credentials === undefined) {
    credentials = decodeBasic(header);
    decodedHeaders.set(header, credentials);
  }
  return credentials;
}

/** The 401 for a service that did not prove itself with HTTP Basic credentials. */
export function refuseUnprovenService(response: ServerResponse): void {
  answer(response, 401, JSON.stringify({ error: 'invalid_client' }), {
    'WWW-Authenticate': 'Basic realm="latchkey", charset="UTF-8"',
  });
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
