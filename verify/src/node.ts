import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LatchkeyPrincipal, TokenVerification } from './principal.js';
import { refusalResponse } from './refusals.js';

declare module 'http' {
  interface IncomingMessage {
    /** Who the request's token speaks for, once `latchkeyMiddleware` let it through. */
    latchkey?: LatchkeyPrincipal;
  }
}

export interface MiddlewareOptions {
  /** The permission every request needs, or a function of the request that names it (undefined: any token). */
  permission?: string | ((request: IncomingMessage) => string | undefined);
}

/**
 * Connect-style middleware for node:http, Connect and Express: a request whose `Authorization: Bearer` token
 * verifies goes on to `next` with `request.latchkey` set; any other is answered 401, 403 or 503 here.
 */
export function latchkeyMiddleware(verifier: TokenVerification, options: MiddlewareOptions = {}) {
  return (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void): void => {
    const permission = typeof options.permission === 'function' ? options.permission(request) : options.permission;
    verifier.verify(request.headers.authorization, { permission }).then((result) => {
      if (result.ok) {
        request.latchkey = result.principal;
        return next();
      }
      const refusal = refusalResponse(result.error, permission);
      response.writeHead(refusal.status, refusal.headers).end(refusal.body);
    }, next);
  };
}
