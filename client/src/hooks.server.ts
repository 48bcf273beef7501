import { channel } from 'node:diagnostics_channel';
import { strictTransportSecurity, uiErrorChannel, uiForwardingHeaders } from '@latchkey/rules';
import type { Handle, HandleFetch, HandleServerError, RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { currentSessionCookie } from '$lib/server/api';
import { apiUrl, sessionCookieHeader } from '$lib/server/api-url';
import { withSecurityHeaders } from '$lib/server/security-headers';

/**
 * Security headers on every response SvelteKit makes. Static files (/_app/immutable, favicon.svg) are served by
 * adapter-node before this hook runs: the server that mounts the UI has to add the headers to those.
 */
export const handle: Handle = async ({ event, resolve }) => {
  const response = withSecurityHeaders(
    await resolve(event, { filterSerializedResponseHeaders: (name) => name === 'content-type' }),
  );
  // A signed-in person's pages show their email and token names: no shared or back-button cache may keep them.
  if (sessionCookieHeader(event.request.headers.get('cookie'))) {
    response.headers.set('Cache-Control', 'private, no-store');
  }
  // ORIGIN (the public URL) sets the page URL's scheme, also behind a TLS proxy.
  if (event.url.protocol === 'https:') response.headers.set('Strict-Transport-Security', strictTransportSecurity);
  return response;
};

/** `/graphql` is not a SvelteKit route: send server-side API calls to the API itself, as the signed-in person. */
export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  if (url.origin !== event.url.origin || url.pathname !== '/graphql') return fetch(request);

  const target = apiUrl(env.LATCHKEY_API_URL, event.platform?.req, event.url.origin);
  target.search = url.search;
  const headers = new Headers(request.headers);
  headers.delete('cookie');
  const cookie = currentSessionCookie(event);
  if (cookie) headers.set('cookie', cookie);
  const userAgent = event.request.headers.get('user-agent');
  if (userAgent) headers.set('user-agent', userAgent);
  forwardBrowserAddress(event, headers);
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  return globalThis.fetch(target, { method: request.method, headers, body });
};

/**
 * The browser's address for the API (per-address limits, audit): passed on with the key the server that mounts
 * the UI handed over. Without the key (the UI served on its own), the API sees the UI's address.
 */
function forwardBrowserAddress(event: RequestEvent, headers: Headers): void {
  const key = env.LATCHKEY_UI_FORWARDING_KEY;
  if (!key) return;
  headers.set(uiForwardingHeaders.key, key);
  const peer = event.platform?.req?.socket?.remoteAddress;
  if (peer) headers.set(uiForwardingHeaders.peer, peer);
  const forwardedFor = event.request.headers.get('x-forwarded-for');
  if (forwardedFor) headers.set('x-forwarded-for', forwardedFor);
}

const unexpectedErrors = channel(uiErrorChannel);

/**
 * A page that does not exist is no error: the server that mounts the UI logs every request with its status. Other
 * errors go to that server's log when it listens (`vite dev` does not), else to the console.
 */
export const handleError: HandleServerError = ({ error, status }) => {
  if (status === 404) return;
  if (unexpectedErrors.hasSubscribers) unexpectedErrors.publish(error);
  else console.error(error);
};
