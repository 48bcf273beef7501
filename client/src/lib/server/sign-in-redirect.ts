import { signInPath } from '$lib/redirect';
import { sessionCookieHeader } from './api-url';

/**
 * Where a visitor the API does not know goes. A browser that still sends a session cookie had a session that
 * ended (it expired, or a password change elsewhere signed it out): the sign-in page says so. Without one, this is
 * a first visit, and nothing went wrong.
 */
export function signInRedirect(target: string, cookieHeader: string | null): string {
  return signInPath(target, sessionCookieHeader(cookieHeader) ? 'session-ended' : undefined);
}
