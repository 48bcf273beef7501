import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { perVerifiedToken } from '../caches.js';
import type { Clock } from '../clock.js';
import { serviceRequests } from '../metrics/counts.js';
import { type TokenSeenByService, verifyTokenForService } from '../services/token-for-service.js';
import { UsageLimited } from '../tokens/usage-limits.js';
import { readBodyUpTo } from './request-body.js';
import {
  answer,
  authenticatedService,
  basicCredentials,
  refuseUnprovenService,
  serviceRateLimited,
} from './service-requests.js';

export const INTROSPECTION_PATH = '/oauth/introspect';

/** Far more than `token=` and a hint need; anything longer is refused before it is read to the end. */
const MAX_BODY_BYTES = 4096;

// RFC 7662 §2.2: one answer for every token the service may not see, byte for byte, whatever the reason.
const INACTIVE = '{"active":false}';

/** The client's address, which a service sends for tokens with an address allowlist (an extension parameter). */
export const CLIENT_ADDRESS_PARAMETER = 'latchkey_client_address';

/** A good token over its own rate limit or quota: inactive for now, with a reason the service can log and pass on. */
function rateLimitedAnswer({ retryAfterSeconds }: UsageLimited): string {
  return JSON.stringify({ active: false, latchkey_reason: 'rate_limited', latchkey_retry_after: retryAfterSeconds });
}

function invalidRequest(response: ServerResponse, status: number, description: string): void {
  answer(response, status, JSON.stringify({ error: 'invalid_request', error_description: description }));
}

/**
 * RFC 7662 token introspection for the operator's services: `POST /oauth/introspect`, form-encoded `token=…`,
 * the service authenticated by HTTP Basic (`service-id:service-key`). A token is active to a service only when
 * it holds one of that service's permissions, and the service is told only those (docs/services.md).
 */
export async function handleIntrospection(
  request: IncomingMessage,
  response: ServerResponse,
  clock: Clock,
): Promise<void> {
  serviceRequests.introspection++;
  const now = clock.now();
  if (request.method !== 'POST') {
    return answer(response, 405, JSON.stringify({ error: 'invalid_request', error_description: 'Use POST.' }), {
      Allow: 'POST',
    });
  }
  const credentials = basicCredentials(request);
  const service = await authenticatedService(credentials?.id, credentials?.key, now);
  if (!service) return refuseUnprovenService(response);
  const retryAfter = await serviceRateLimited(service);
  if (retryAfter !== null) {
    return answer(response, 429, JSON.stringify({ error: 'rate_limited' }), { 'Retry-After': String(retryAfter) });
  }
  const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    return invalidRequest(response, 415, 'Send the token form-encoded (application/x-www-form-urlencoded).');
  }
  const body = await readBodyUpTo(request, MAX_BODY_BYTES);
  if (body === null) return invalidRequest(response, 413, `The body may be at most ${MAX_BODY_BYTES} bytes.`);
  const form = new URLSearchParams(body);
  const tokens = form.getAll('token');
  const clientAddresses = form.getAll(CLIENT_ADDRESS_PARAMETER);
  if (tokens.length !== 1 || form.getAll('token_type_hint').length > 1 || clientAddresses.length > 1) {
    return invalidRequest(
      response,
      400,
      `Send exactly one token parameter, and at most one token_type_hint and one ${CLIENT_ADDRESS_PARAMETER}.`,
    );
  }
  const clientAddress = clientAddresses[0] ?? null;
  if (clientAddress !== null && isIP(clientAddress) === 0) {
    return invalidRequest(response, 400, `${CLIENT_ADDRESS_PARAMETER} must be an IPv4 or IPv6 address.`);
  }
  const seen = await verifyTokenForService(service, tokens[0] ?? '', now, clientAddress);
  if (!seen) return answer(response, 200, INACTIVE);
  if (seen instanceof UsageLimited) return answer(response, 200, rateLimitedAnswer(seen));
  answer(response, 200, activeAnswer(service.id, seen));
}

// What a service is told of a token never changes while the token is active (its permissions, owner and expiry
// are fixed; the catalogue only with a restart), so it is written once per token as that service sees it. Kept
// as text: Node sends a string body in one write with the headers, a Buffer in a second one.
const activeAnswers = perVerifiedToken<TokenSeenByService, string>();

function activeAnswer(serviceId: string, seen: TokenSeenByService): string {
  let body = activeAnswers.get(seen);
  if (body === undefined) {
    body = describeActive(serviceId, seen);
    activeAnswers.set(seen, body);
  }
  return body;
}

function describeActive(serviceId: string, { token, permissions, tokenId, userId }: TokenSeenByService): string {
  return JSON.stringify({
    active: true,
    scope: permissions.join(' '),
    client_id: serviceId,
    sub: userId,
    token_id: tokenId,
    token_type: 'Bearer',
    aud: serviceId,
    iat: Math.floor(token.createdAt.getTime() / 1000),
    exp: Math.floor(token.expiresAt.getTime() / 1000),
    // Who the person is only when they let the token say so.
    ...(token.grants.has('profile:read') ? { username: token.ownerEmail } : {}),
    // Every use of a token with controls must be checked and counted here: a verifier must not cache it.
    ...(token.controls ? { latchkey_verify_each_use: true } : {}),
  });
}
