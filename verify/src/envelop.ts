import type { Plugin } from '@envelop/core';
import { GraphQLError } from 'graphql';
import type { LatchkeyPrincipal, TokenVerification, VerifyRefusal } from './principal.js';
import { refusalResponse } from './refusals.js';

/** What the plugin adds to the GraphQL context: null for a request without an `Authorization` header. */
export interface LatchkeyContext {
  latchkey: LatchkeyPrincipal | null;
}

export interface PluginOptions {
  /** Reads the `Authorization` value from the context; by default from the Fetch `request` Yoga puts there. */
  authorization?: (context: object) => string | null | undefined;
}

const CODES: Record<VerifyRefusal, string> = {
  invalid_token: 'UNAUTHENTICATED',
  insufficient_scope: 'FORBIDDEN',
  unavailable: 'UNAVAILABLE',
};

/** A GraphQL error that Yoga answers with the refusal's HTTP status and challenge. */
export function refusalError(refusal: VerifyRefusal, permission?: string): GraphQLError {
  const { status, headers } = refusalResponse(refusal, permission);
  const message =
    refusal === 'unavailable'
      ? 'Tokens cannot be verified right now; try again shortly.'
      : refusal === 'insufficient_scope'
        ? `This needs a token with the ${permission} permission.`
        : 'The token is missing, malformed, unknown, revoked or expired.';
  const { 'content-type': _, ...challenge } = headers;
  return new GraphQLError(message, { extensions: { code: CODES[refusal], http: { status, headers: challenge } } });
}

/** The principal when it holds `permission`; otherwise throws the 401 or 403 error for the field to fail with. */
export function requirePermission(principal: LatchkeyPrincipal | null, permission: string): LatchkeyPrincipal {
  if (principal === null) throw refusalError('invalid_token');
  if (!principal.permissions.includes(permission)) throw refusalError('insufficient_scope', permission);
  return principal;
}

function requestAuthorization(context: object): string | null | undefined {
  return (context as { request?: Request }).request?.headers.get('authorization');
}

/**
 * An envelop (and so graphql-yoga) plugin that verifies the request's bearer token while the context is built
 * and puts the principal into it as `latchkey`. A token that is sent but refused fails the whole request
 * (401, or 503 when Latchkey cannot be asked); which fields need which permission is the schema's to say,
 * with `requirePermission`.
 */
export function useLatchkey(verifier: TokenVerification, options: PluginOptions = {}): Plugin<LatchkeyContext> {
  const authorization = options.authorization ?? requestAuthorization;
  return {
    async onContextBuilding({ context, extendContext }) {
      const header = authorization(context);
      if (!header) {
        extendContext({ latchkey: null });
        return;
      }
      const result = await verifier.verify(header);
      if (!result.ok) throw refusalError(result.error);
      extendContext({ latchkey: result.principal });
    },
  };
}
