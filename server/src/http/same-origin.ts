import type { Plugin } from 'graphql-yoga';
import { sessionCookieValues } from '../auth/cookies.js';
import { config } from '../config.js';
import { logEvent } from '../logging/logger.js';

/**
 * A request that authenticates with the session cookie must come from our own pages: browsers attach
 * cookies to cross-site requests, bearer tokens they never send by themselves. Returns why a request
 * is refused, or null to accept it.
 */
export function crossSiteRefusal(request: Request): string | null {
  if (request.headers.has('authorization')) return null;
  if (sessionCookieValues(request).length === 0) return null;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return `Sec-Fetch-Site: ${fetchSite}`;
  const origin = request.headers.get('origin');
  const expected = config.publicUrl ? new URL(config.publicUrl).origin : new URL(request.url).origin;
  if (origin && origin !== expected) return `Origin: ${origin}`;
  return null;
}

const GRAPHQL_MEDIA_TYPES = ['application/json', 'application/graphql-response+json', 'application/graphql+json'];

/**
 * A POST body in a type an HTML form or a no-preflight fetch can send (text/plain, form-encoded,
 * multipart) is how cross-site requests sneak in; GraphQL needs none of them, so they are refused.
 */
export function simpleBodyRefusal(request: Request): string | null {
  if (request.method !== 'POST') return null;
  const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  return GRAPHQL_MEDIA_TYPES.includes(mediaType) ? null : `Content-Type: ${mediaType || 'none'}`;
}

function refusal(status: number, code: string, message: string): Response {
  return Response.json({ errors: [{ message, extensions: { code } }] }, { status });
}

/** Cookie-authenticated calls from other sites, and bodies browsers can send without a preflight, are refused. */
export function useSameOriginSessions(): Plugin {
  return {
    onRequest({ request, endResponse }) {
      const crossSite = crossSiteRefusal(request);
      if (crossSite) {
        logEvent('csrf_refused', { reason: crossSite });
        return endResponse(refusal(403, 'CSRF', 'Cross-site requests with a session cookie are refused.'));
      }
      const simpleBody = simpleBodyRefusal(request);
      if (simpleBody) {
        logEvent('csrf_refused', { reason: simpleBody });
        return endResponse(refusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send GraphQL requests as application/json.'));
      }
    },
  };
}
