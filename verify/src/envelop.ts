import type { Plugin } from '@envelop/core';
import { GraphQLError } from 'graphql';
import type { LatchkeyPrincipal, TokenVerification, VerifyRefusal, VerifyRefused } from './principal.js';
import { refusalResponse } from './refusals.js';

/** What the plugin adds to the GraphQL context: null for a request without an `Authorization` header. */
export interface LatchkeyContext {
  latchkey: LatchkeyPrincipal | null;
}

export interface PluginOptions {
  /** Reads the `Authorization` value from the context; by default from the Fetch `request` Yoga puts there. */
  authorization?: (context: object) => string | null | undefined;
  /**
   * Reads the address the request came from, for tokens with an address allowlist; by default the remote address
   * of the node:http request (`req`) Yoga's server context carries. Behind your own reverse proxy, read it from
   * the header that proxy sets.
   */
  clientAddress?: (context: object) => string | undefined;
}

const CODES: Record<VerifyRefusal, string> = {
  invalid_token: 'UNAUTHENTICATED',
  insufficient_scope: 'FORBIDDEN',
  unavailable: 'UNAVAILABLE',
  rate_limited: 'RATE_LIMITED',
};

function messageOf(refused: VerifyRefused, permission: string | undefined): string {
  switch (refused.error) {
    case 'invalid_token':
      return 'The token is missing, malformed, unknown, revoked or expired.';
    case 'insufficient_scope':
      return `This needs a token with the ${permission} permission.`;
    case 'rate_limited':
      return `The token has reached its rate limit or quota; try again in ${refused.retryAfterSeconds} s.`;
    case 'unavailable':
      return 'Tokens cannot be verified right now; try again shortly.';
  }
}

/** A GraphQL error that Yoga answers with the refusal's HTTP status and challenge. */
export function refusalError(refused: VerifyRefused, permission?: string): GraphQLError {
  const { status, headers } = refusalResponse(refused, permission);
  const { 'content-type': _, ...challenge } = headers;
  return new GraphQLError(messageOf(refused, permission), {
    extensions: { code: CODES[refused.error], http: { status, headers: challenge } },
  });
}

/** The principal when it holds `permission`; otherwise throws the 401 or 403 error for the field to fail with. */
export function requirePermission(principal: LatchkeyPrincipal | null, permission: string): LatchkeyPrincipal {
  if (principal === null) throw refusalError({ ok: false, error: 'invalid_token' });
  if (!principal.permissions.includes(permission)) {
    throw refusalError({ ok: false, error: 'insufficient_scope' }, permission);
  }
  return principal;
}

function requestAuthorization(context: object): string | null | undefined {
  return (context as { request?: Request }).request?.headers.get('authorization');
}

function serverRequestAddress(context: object): string | undefined {
  return (context as { req?: { socket?: { remoteAddress?: string } } }).req?.socket?.remoteAddress;
}

/**
 * An envelop (and so graphql-yoga) plugin that verifies the request's bearer token while the context is built
 * and puts the principal into it as `latchkey`. A token that is sent but refused fails the whole request
 * (401; 429 when its rate limit or quota is used up; 503 when Latchkey cannot be asked); which fields need which permission is the schema's to say,
 * with `requirePermission`.
 */
export function useLatchkey(verifier: TokenVerification, options: PluginOptions = {}): Plugin<LatchkeyContext> {
  const authorization = options.authorization ?? requestAuthorization;
  const clientAddress = options.clientAddress ?? serverRequestAddress;
  return {
    async onContextBuilding({ context, extendContext }) {
      const header = authorization(context);
      if (!header) {
        extendContext({ latchkey: null });
        return;
      }
      const result = await verifier.verify(header, { clientAddress: clientAddress(context) });
      if (!result.ok) throw refusalError(result);
      extendContext({ latchkey: result.principal });
    },
  };
}
