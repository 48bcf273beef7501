import type { IncomingMessage } from 'node:http';
import { waitPhrase } from '@latchkey/rules';
import { createGraphQLError } from 'graphql-yoga';
import type { Viewer } from '../audit/actor.js';
import type { RequestOrigin } from '../audit/events.js';
import { headerCount } from '../http/raw-headers.js';
import { logEvent } from '../logging/logger.js';
import { tokenVerifications } from '../metrics/counts.js';
import { addressSubject } from '../security/address-subject.js';
import { LeasedRateLimiter } from '../security/rate-limit-leases.js';
import type { RateLimitRule } from '../security/rate-limits.js';
import { UsageLimited } from '../tokens/usage-limits.js';
import { tokenVerifier } from '../tokens/verification.js';
import { sessionCookieValues } from './cookies.js';
import { findSession } from './sessions.js';

/** The challenge every bad bearer token gets, from the API and from forward authentication alike. */
export const INVALID_TOKEN_CHALLENGE = { 'WWW-Authenticate': 'Bearer error="invalid_token"' };

/** One body for every kind of bad bearer token, so a caller learns nothing about which it was. */
function invalidTokenError() {
  return createGraphQLError('The access token is invalid, expired or revoked.', {
    extensions: {
      code: 'INVALID_TOKEN',
      http: { status: 401, headers: INVALID_TOKEN_CHALLENGE },
    },
  });
}

/** The token is good but its own rate limit or quota refuses this use; its holder may know which. */
function usageLimitedError({ limit, retryAfterSeconds, refills }: UsageLimited) {
  const message =
    limit === 'rate'
      ? `This token's rate limit allows no more requests now. Try again in ${waitPhrase(retryAfterSeconds)}.`
      : refills
        ? `This token's quota is used up until it refills in ${waitPhrase(retryAfterSeconds)}.`
        : "This token's quota is used up, and it never refills.";
  return createGraphQLError(message, {
    extensions: {
      code: 'RATE_LIMITED',
      limit,
      // Only a used-up quota that never refills says false: waiting for Retry-After (its expiry) brings nothing.
      ...(limit === 'quota' ? { refills } : {}),
      retryAfterSeconds,
      http: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
    },
  });
}

function tooManyInvalidTokensError(retryAfterSeconds: number) {
  return createGraphQLError(
    `Too many invalid access tokens from this address. Try again in ${waitPhrase(retryAfterSeconds)}.`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfterSeconds,
        http: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
      },
    },
  );
}

const invalidTokenLimiter = new LeasedRateLimiter();

/**
 * Counted only when a token fails, so valid tokens never pay for the limiter; counted in batches, so a
 * refusal costs about what an acceptance does.
 */
async function refuseInvalidToken(origin: RequestOrigin, now: Date, limit: RateLimitRule): Promise<never> {
  const decision = await invalidTokenLimiter.consume(limit, addressSubject(origin.ip), now);
  if (!decision.allowed) tokenVerifications.rate_limited++;
  logEvent(decision.allowed ? 'invalid_token' : 'rate_limited', { ip: origin.ip, rule: limit.name });
  throw decision.allowed ? invalidTokenError() : tooManyInvalidTokensError(decision.retryAfterSeconds);
}

/** Which of two session cookies wins would be up to the parser; a sibling subdomain could plant the first. */
function severalSessionCookiesError() {
  return createGraphQLError('The request carries more than one session cookie.', {
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });
}

/** The secret of an `Authorization: Bearer <secret>` header, or null for any other shape. */
export function bearerSecret(authorization: string): string | null {
  return /^\s*bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? null;
}

/**
 * Who the request proves it is: a bearer token (refused outright when invalid, counting against
 * `invalidTokenLimit`), else a session cookie, else nobody. A credential sent twice is refused.
 */
export async function authenticate(
  request: Request,
  origin: RequestOrigin,
  now: Date,
  invalidTokenLimit: RateLimitRule,
  nodeRequest?: IncomingMessage,
): Promise<Viewer | null> {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    // Node passes on only the first of repeated Authorization headers (Fetch joins them: no bearer shape).
    const repeated = nodeRequest !== undefined && headerCount(nodeRequest, 'authorization') > 1;
    const secret = repeated ? null : bearerSecret(authorization);
    if (!secret) {
      tokenVerifications.invalid++;
      return refuseInvalidToken(origin, now, invalidTokenLimit);
    }
    const token = await tokenVerifier.verify(secret, now, origin.ip);
    if (!token) return refuseInvalidToken(origin, now, invalidTokenLimit);
    if (token instanceof UsageLimited) throw usageLimitedError(token);
    return { userId: token.userId, administrator: token.ownerIsAdministrator, session: null, token };
  }
  const [cookieValue, ...others] = sessionCookieValues(request);
  if (!cookieValue) return null;
  if (others.length > 0) throw severalSessionCookiesError();
  const session = await findSession(cookieValue, now);
  if (!session) return null;
  return {
    userId: session.userId,
    administrator: session.userIsAdministrator,
    session: { id: session.id, reauthenticatedAt: session.reauthenticatedAt },
    token: null,
  };
}
