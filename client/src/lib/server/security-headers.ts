import { securityHeaders } from '@latchkey/rules';
import { cspDirectives, serializeCsp } from './content-security-policy.js';

/** For responses SvelteKit sends without a policy: the static error page, redirects, data requests. */
export const fallbackContentSecurityPolicy = serializeCsp(cspDirectives);

/**
 * Adds the security headers, and the policy when SvelteKit did not set one (the pages it renders carry their
 * own, with that response's nonce).
 */
export function withSecurityHeaders(response: Response): Response {
  const secured = hasMutableHeaders(response) ? response : new Response(response.body, response);
  for (const [name, value] of Object.entries(securityHeaders)) secured.headers.set(name, value);
  if (!secured.headers.has('Content-Security-Policy')) {
    secured.headers.set('Content-Security-Policy', fallbackContentSecurityPolicy);
  }
  return secured;
}

/** A response from `fetch` or `Response.redirect()` has immutable headers and must be copied to change them. */
function hasMutableHeaders(response: Response): boolean {
  try {
    response.headers.set('X-Frame-Options', securityHeaders['X-Frame-Options']);
    return true;
  } catch {
    return false;
  }
}
