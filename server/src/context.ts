import type { IncomingMessage } from 'node:http';
import { createGraphQLError, type YogaInitialContext } from 'graphql-yoga';
import type { Viewer } from './audit/actor.js';
import type { RequestOrigin } from './audit/events.js';
import { parseCookies, SESSION_COOKIE } from './auth/cookies.js';
import { findSession } from './auth/sessions.js';
import type { Clock } from './clock.js';
import { config } from './config.js';
import { RateLimitedError } from './errors.js';
import { logEvent } from './logging/logger.js';
import { consumeRateLimit, type RateLimitRules } from './security/rate-limits.js';
import { tokenVerifier } from './tokens/verification.js';

export interface Context {
  viewer: Viewer | null;
  clock: Clock;
  /** When the request arrived: what statuses in its answer are judged at, so they agree with each other. */
  requestedAt: Date;
  origin: RequestOrigin;
  tokenLimitPerUser: number;
  /** The request's URL: the few resolvers that set cookies derive from it whether they must be `Secure`. */
  requestUrl: string;
  rateLimits: RateLimitRules;
  /** What resolvers ask of the HTTP response: cookies (sign-in, sign-out), a status and headers (429). */
  response: ResponseEffects;
}

export interface ResponseEffects {
  cookies: string[];
  status: number | null;
  headers: [string, string][];
}

/** Marks the response as HTTP 429 and returns the typed error for the resolver to throw. */
export function rateLimited(context: Context, retryAfterSeconds: number): RateLimitedError {
  context.response.status = 429;
  context.response.headers.push(['Retry-After', String(retryAfterSeconds)]);
  logEvent('rate_limited', { ip: context.origin.ip, retryAfterSeconds });
  return new RateLimitedError(retryAfterSeconds);
}

export interface ServerContext {
  req?: IncomingMessage;
}

export interface ContextOptions {
  clock: Clock;
  tokenLimitPerUser: number;
  rateLimits: RateLimitRules;
}

/** One body for every kind of bad bearer token, so a caller learns nothing about which it was. */
export function invalidTokenError() {
  return createGraphQLError('The access token is invalid, expired or revoked.', {
    extensions: {
      code: 'INVALID_TOKEN',
      http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } },
    },
  });
}

function requestOrigin(request: Request, serverContext: ServerContext): RequestOrigin {
  const forwarded = config.trustProxy ? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return {
    ip: forwarded || serverContext.req?.socket.remoteAddress || null,
    userAgent: request.headers.get('user-agent'),
  };
}

function tooManyInvalidTokensError(retryAfterSeconds: number) {
  return createGraphQLError('Too many invalid access tokens from this address. Try again later.', {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds,
      http: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
    },
  });
}

/** Counted only when a token fails, so valid tokens never pay for the limiter. */
async function refuseInvalidToken(origin: RequestOrigin, now: Date, rules: RateLimitRules): Promise<never> {
  const decision = await consumeRateLimit(rules.invalidTokensPerIp, origin.ip ?? 'unknown', now);
  logEvent(decision.allowed ? 'invalid_token' : 'rate_limited', { ip: origin.ip, rule: rules.invalidTokensPerIp.name });
  throw decision.allowed ? invalidTokenError() : tooManyInvalidTokensError(decision.retryAfterSeconds);
}

/** The secret of an `Authorization: Bearer <secret>` header, or null for any other shape. */
function bearerSecret(authorization: string): string | null {
  return /^\s*bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? null;
}

async function authenticate(
  request: Request,
  origin: RequestOrigin,
  now: Date,
  rules: RateLimitRules,
): Promise<Viewer | null> {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const secret = bearerSecret(authorization);
    if (!secret) return refuseInvalidToken(origin, now, rules);
    const token = await tokenVerifier.verify(secret, now, origin.ip);
    if (!token) return refuseInvalidToken(origin, now, rules);
    return {
      userId: token.userId,
      session: null,
      token: { id: token.id, scopes: token.scopes, expiresAt: token.expiresAt },
    };
  }
  const cookieValue = parseCookies(request.headers.get('cookie')).get(SESSION_COOKIE);
  if (!cookieValue) return null;
  const session = await findSession(cookieValue, now);
  if (!session) return null;
  return {
    userId: session.userId,
    session: { id: session.id, reauthenticatedAt: session.reauthenticatedAt },
    token: null,
  };
}

export async function createContext(
  initial: YogaInitialContext & ServerContext,
  options: ContextOptions,
): Promise<Context> {
  const origin = requestOrigin(initial.request, initial);
  const { request } = initial;
  const requestedAt = options.clock.now();
  return {
    viewer: await authenticate(request, origin, requestedAt, options.rateLimits),
    clock: options.clock,
    requestedAt,
    origin,
    tokenLimitPerUser: options.tokenLimitPerUser,
    requestUrl: request.url,
    rateLimits: options.rateLimits,
    response: { cookies: [], status: null, headers: [] },
  };
}

/**
 * Whether the request carries a valid credential, without side effects (no rate-limit counting, no
 * last-use write): for deciding how much to say about a document that failed validation.
 */
export async function carriesValidCredential(request: Request, now: Date): Promise<boolean> {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const secret = bearerSecret(authorization);
    return secret ? (await tokenVerifier.peek(secret, now)) !== null : false;
  }
  const cookieValue = parseCookies(request.headers.get('cookie')).get(SESSION_COOKIE);
  return cookieValue ? (await findSession(cookieValue, now)) !== null : false;
}
