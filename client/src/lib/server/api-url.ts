import type { IncomingMessage } from 'node:http';
import { sessionCookieNames } from '@latchkey/rules';

/**
 * Where server-side code reaches the API. In production the API and this UI share one Node server, so
 * by default the request goes back to the address and port that received the page request (no proxy, no
 * TLS, no guessing the public origin). LATCHKEY_API_URL overrides it; under `vite dev` (no Node request)
 * it is the dev server's own `/graphql` proxy.
 */
export function apiUrl(configured: string | undefined, req: IncomingMessage | undefined, pageOrigin: string): URL {
  if (configured) return new URL(configured);
  const socket = req?.socket;
  if (socket?.localAddress && socket.localPort) {
    const address = socket.localAddress.startsWith('::ffff:') ? socket.localAddress.slice(7) : socket.localAddress;
    const host = address.includes(':') ? `[${address}]` : address;
    return new URL(`http://${host}:${socket.localPort}/graphql`);
  }
  return new URL('/graphql', pageOrigin);
}

const sessionCookies: string[] = Object.values(sessionCookieNames);

/** Forwards only session cookies, every one of them: the API refuses a request that carries two. */
export function sessionCookieHeader(cookieHeader: string | null): string | null {
  const forwarded = (cookieHeader?.split(';') ?? [])
    .map((pair) => pair.trim())
    .filter((pair) => sessionCookies.includes(pair.slice(0, pair.indexOf('='))));
  return forwarded.length > 0 ? forwarded.join('; ') : null;
}
