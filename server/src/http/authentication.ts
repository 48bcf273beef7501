import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../audit/actor.js';
import type { RequestOrigin } from '../audit/events.js';
import { authenticate } from '../auth/authenticate.js';
import type { Clock } from '../clock.js';
import type { RateLimitRule } from '../security/rate-limits.js';
import { requestOrigin, type ServerContext } from './request-origin.js';

/** What a request proved before its document was read, for the context. */
export interface Authentication {
  viewer: Viewer | null;
  origin: RequestOrigin;
  /** When the request arrived: what the credential was judged at. */
  requestedAt: Date;
}

const authentications = new WeakMap<Request, Authentication>();

/** Who the request proved to be; nobody when it was refused before (or while) authenticating. */
export function viewerOf(request: Request): Viewer | null {
  return authentications.get(request)?.viewer ?? null;
}

export function authenticationOf(request: Request): Authentication {
  const authentication = authentications.get(request);
  if (!authentication) throw new Error('The request reached the context without being authenticated.');
  return authentication;
}

/**
 * Authenticates before the body is parsed and the document validated: a bad token gets the same counted 401
 * whatever it sends. Validation errors for a bad token would tell it apart from a good one, uncounted.
 */
export function useAuthenticationFirst(clock: Clock, invalidTokenLimit: RateLimitRule): Plugin {
  return {
    async onRequestParse({ request, serverContext }) {
      const { req } = serverContext as ServerContext;
      const origin = requestOrigin(request, serverContext as ServerContext);
      const requestedAt = clock.now();
      const viewer = await authenticate(request, origin, requestedAt, invalidTokenLimit, req);
      authentications.set(request, { viewer, origin, requestedAt });
    },
  };
}
