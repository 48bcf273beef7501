import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { RequestOrigin } from '../audit/events.js';
import { config } from '../config.js';

/** What Node's HTTP server hands Yoga with each request. */
export interface ServerContext {
  req?: IncomingMessage;
}

/**
 * The client's address in X-Forwarded-For when `trustedHops` proxies stand in front of us. Each appends the
 * address it received the request from, so the client is `trustedHops` entries from the right; anything to
 * its left is whatever the client sent. Null when there are fewer entries (a proxy was bypassed) or the
 * entry is not an address.
 */
export function forwardedClientAddress(forwardedFor: string | null, trustedHops: number): string | null {
  if (!forwardedFor || trustedHops < 1) return null;
  const entries = forwardedFor.split(',');
  const entry = entries[entries.length - trustedHops]?.trim() ?? '';
  return isIP(entry) ? entry : null;
}

export function requestOrigin(request: Request, serverContext: ServerContext): RequestOrigin {
  const forwarded =
    config.trustedProxyHops > 0
      ? forwardedClientAddress(request.headers.get('x-forwarded-for'), config.trustedProxyHops)
      : null;
  return {
    ip: forwarded ?? serverContext.req?.socket?.remoteAddress ?? null,
    userAgent: request.headers.get('user-agent'),
  };
}
