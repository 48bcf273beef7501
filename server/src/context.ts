import type { IncomingMessage } from 'node:http';
import { createGraphQLError, type YogaInitialContext } from 'graphql-yoga';
import type { RequestOrigin } from './audit/events.js';
import { cookiesMustBeSecure, parseCookies, SESSION_COOKIE } from './auth/cookies.js';
import { findSession } from './auth/sessions.js';
import type { Viewer } from './auth/viewer.js';
import type { Clock } from './clock.js';
import { config } from './config.js';
import { tokenVerifier } from './tokens/verification.js';

export interface Context {
  viewer: Viewer | null;
  clock: Clock;
  origin: RequestOrigin;
  tokenLimitPerUser: number;
  secureCookies: boolean;
  /** Set-Cookie values the response will carry (sign-in, sign-out). */
  responseCookies: string[];
}

export interface ServerContext {
  req?: IncomingMessage;
}

export interface ContextOptions {
  clock: Clock;
  tokenLimitPerUser: number;
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

async function authenticate(request: Request, origin: RequestOrigin, now: Date): Promise<Viewer | null> {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const [scheme, secret, ...rest] = authorization.trim().split(/\s+/);
    if (scheme?.toLowerCase() !== 'bearer' || !secret || rest.length > 0) throw invalidTokenError();
    const token = await tokenVerifier.verify(secret, now, origin.ip);
    if (!token) throw invalidTokenError();
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
  return {
    viewer: await authenticate(initial.request, origin, options.clock.now()),
    clock: options.clock,
    origin,
    tokenLimitPerUser: options.tokenLimitPerUser,
    secureCookies: cookiesMustBeSecure(new URL(initial.request.url)),
    responseCookies: [],
  };
}
