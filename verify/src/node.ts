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
  /**
   * The address the request came from, for tokens with an address allowlist; by default the socket's remote
   * address. Behind your own reverse proxy, read it from the header that proxy sets.
   */
  clientAddress?: (request: IncomingMessage) => string | undefined;
}

function socketAddress(request: IncomingMessage): string | undefined {
  return request.socket.remoteAddress;
}

/**
 * Connect-style middleware for node:http, Connect and Express: a request whose `Authorization: Bearer` token
 * verifies goes on to `next` with `request.latchkey` set; any other is answered 401, 403, 429 or 503 here.
 */
export function latchkeyMiddleware(verifier: TokenVerification, options: MiddlewareOptions = {}) {
  const clientAddressOf = options.clientAddress ?? socketAddress;
  return (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void): void => {
    const permission = typeof options.permission === 'function' ? options.permission(request) : options.permission;
    const clientAddress = clientAddressOf(request);
    verifier.verify(request.headers.authorization, { permission, clientAddress }).then((result) => {
      if (result.ok) {
        request.latchkey = result.principal;
        return next();
      }
      const refusal = refusalResponse(result, permission);
      response.writeHead(refusal.status, refusal.headers).end(refusal.body);
    }, next);
  };
}
