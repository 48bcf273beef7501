import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LatchkeyPrincipal, TokenVerification } from './principal.js';
import { refusalResponse } from './refusals.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request's token speaks for, once `latchkeyHook` let it through. */
    latchkey: LatchkeyPrincipal | null;
  }
}

export interface HookOptions {
  /** The permission every request needs, or a function of the request that names it (undefined: any token). */
  permission?: string | ((request: FastifyRequest) => string | undefined);
  /**
   * The address the request came from, for tokens with an address allowlist; by default `request.ip`, which
   * follows Fastify's own `trustProxy` setting.
   */
  clientAddress?: (request: FastifyRequest) => string | undefined;
}

function requestIp(request: FastifyRequest): string | undefined {
  return request.ip;
}

/**
 * A Fastify `onRequest` (or `preHandler`) hook: a request whose bearer token verifies goes on with
 * `request.latchkey` set; any other is answered 401, 403, 429 or 503. Declare the property once with
 * `app.decorateRequest('latchkey', null)`.
 */
export function latchkeyHook(verifier: TokenVerification, options: HookOptions = {}) {
  const clientAddressOf = options.clientAddress ?? requestIp;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const permission = typeof options.permission === 'function' ? options.permission(request) : options.permission;
    const clientAddress = clientAddressOf(request);
    const result = await verifier.verify(request.headers.authorization, { permission, clientAddress });
    if (result.ok) {
      request.latchkey = result.principal;
      return undefined;
    }
    const refusal = refusalResponse(result, permission);
    // Sent before the hook returns, and returned: Fastify then runs no handler.
    return reply.code(refusal.status).headers(refusal.headers).send(refusal.body);
  };
}
