import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { RequestOrigin } from '../audit/events.js';
import { config } from '../config.js';
import { uiForwardedPeer } from './ui-forwarding.js';

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

/** The client's address: from X-Forwarded-For behind the configured proxies, else the socket's peer. */
function clientAddress(forwardedFor: string | null, socketAddress: string | undefined): string | null {
  const forwarded = config.trustedProxyHops > 0 ? forwardedClientAddress(forwardedFor, config.trustedProxyHops) : null;
  return forwarded ?? socketAddress ?? null;
}

/**
 * Who made the request: behind the configured proxies, by X-Forwarded-For; for a call the settings UI makes for a
 * browser, from the browser's address the UI passed on (ui-forwarding.ts); else the socket's peer.
 */
export function requestOrigin(request: Request, serverContext: ServerContext): RequestOrigin {
  const peer = uiForwardedPeer(request.headers) ?? serverContext.req?.socket?.remoteAddress;
  return {
    ip: clientAddress(request.headers.get('x-forwarded-for'), peer),
    userAgent: request.headers.get('user-agent'),
  };
}

/** The same for a request node:http answers without Yoga (service-routes.ts); Node joins repeated headers with commas. */
export function incomingRequestOrigin(request: IncomingMessage): RequestOrigin {
  const forwardedFor = request.headers['x-forwarded-for'];
  return {
    ip: clientAddress(typeof forwardedFor === 'string' ? forwardedFor : null, request.socket.remoteAddress),
    userAgent: request.headers['user-agent'] ?? null,
  };
}
