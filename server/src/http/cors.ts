import type { YogaServerOptions } from 'graphql-yoga';

type CorsOption = NonNullable<YogaServerOptions<Record<string, unknown>, Record<string, unknown>>['cors']>;

/**
 * Lets pages on `origins` (exact, as browsers send `Origin`) call the API with a bearer token, through Yoga's CORS
 * plugin: a preflight may ask for `Authorization` and `Content-Type`, and credentials are never allowed, so a
 * browser sends no cookie after a preflight and shows no response to a request that carried one. Cookie-carrying
 * requests from those origins stay refused by the same-origin rules (same-origin.ts). No origins: no CORS at all.
 */
export function corsForBearerTokens(origins: readonly string[]): CorsOption {
  if (origins.length === 0) return false;
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowed.has(origin)) return false;
    return {
      origin: [origin],
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: ['Retry-After', 'WWW-Authenticate'],
      credentials: false,
      maxAge: 600,
    };
  };
}
