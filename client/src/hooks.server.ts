import { channel } from 'node:diagnostics_channel';
import { strictTransportSecurity, uiErrorChannel } from '@latchkey/rules';
import type { Handle, HandleFetch, HandleServerError } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
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
  const cookie = sessionCookieHeader(event.request.headers.get('cookie'));
  if (cookie) headers.set('cookie', cookie);
  const userAgent = event.request.headers.get('user-agent');
  if (userAgent) headers.set('user-agent', userAgent);
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  return globalThis.fetch(target, { method: request.method, headers, body });
};

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
