import { securityHeaders, strictTransportSecurity } from '@latchkey/rules';
import { type DocumentNode, getOperationAST, Kind, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { servedOverHttps } from '../auth/cookies.js';

/** Every API response carries these: the shared security headers, a policy that allows nothing, no caching. */
export const apiResponseHeaders = Object.freeze({
  ...securityHeaders,
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
});

const apiResponseHeaderEntries = Object.entries(apiResponseHeaders);

/** What resolvers ask of the HTTP response: cookies (sign-in, sign-out), a status and headers (503). */
export interface ResponseEffects {
  cookies: string[];
  status: number | null;
  headers: [string, string][];
  /** The Retry-After seconds of each field a rate limit refused. */
  rateLimited: number[];
}

/** How many fields the operation asks for at its root, each alias apart. */
function rootFieldCount(document: DocumentNode, operationName: string | null | undefined): number {
  const fragments = new Map(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition.selectionSet] as const] : [],
    ),
  );
  const count = (selectionSet: SelectionSetNode | undefined, seen: Set<string>): number => {
    let fields = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) fields += 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT) fields += count(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        fields += count(fragments.get(selection.name.value), new Set([...seen, selection.name.value]));
      }
    }
    return fields;
  };
  return count(getOperationAST(document, operationName)?.selectionSet, new Set());
}

/**
 * HTTP 429 only when rate limits refused every field asked for: when other aliases succeeded, the response
 * is a 200 with their data beside a RateLimitedError for each refused one.
 */
function rateLimitStatus(effects: ResponseEffects, rootFields: number): [number, [string, string][]] | null {
  if (effects.rateLimited.length === 0 || effects.rateLimited.length < rootFields) return null;
  return [429, [['Retry-After', String(Math.max(...effects.rateLimited))]]];
}

/** Applies what resolvers asked of the response (cookies, a status, 429) and our security headers (HSTS over https). */
export function useResponseEffects(): Plugin<{ response: ResponseEffects }> {
  const effectsByRequest = new WeakMap<Request, ResponseEffects>();
  // The operation each request ran, counted only when a rate limit refused a field (rarely).
  const operationsByRequest = new WeakMap<Request, [DocumentNode, string | null | undefined]>();
  return {
    onContextBuilding({ context }) {
      return ({ context: built }) => {
        effectsByRequest.set(context.request, built.response);
      };
    },
    onExecute({ args }) {
      operationsByRequest.set(args.contextValue.request, [args.document, args.operationName]);
    },
    onResponse({ request, response, setResponse }) {
      const effects = effectsByRequest.get(request);
      // A page we serve (GraphiQL) brings the policy its nonce needs; everything else gets the one that allows nothing.
      const pagePolicy = response.headers.get('Content-Security-Policy');
      for (const [name, value] of apiResponseHeaderEntries) response.headers.set(name, value);
      if (pagePolicy) response.headers.set('Content-Security-Policy', pagePolicy);
      if (servedOverHttps(request.url)) response.headers.set('Strict-Transport-Security', strictTransportSecurity);
      if (!effects) return;
      for (const cookie of effects.cookies) response.headers.append('Set-Cookie', cookie);
      const operation = effects.rateLimited.length > 0 ? operationsByRequest.get(request) : undefined;
      const rootFields = operation ? rootFieldCount(...operation) : 1;
      const [limitedStatus, limitedHeaders] = rateLimitStatus(effects, rootFields) ?? [];
      for (const [name, value] of [...effects.headers, ...(limitedHeaders ?? [])]) response.headers.set(name, value);
      const status = effects.status ?? limitedStatus;
      if (status) setResponse(new Response(response.body, { status, headers: response.headers }));
    },
  };
}
