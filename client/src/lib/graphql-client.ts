import { Client, cacheExchange, fetchExchange } from '@urql/core';

export const GRAPHQL_PATH = '/graphql';

/** The one client the browser uses, provided to every component by the root layout. */
export function createBrowserClient(): Client {
  return new Client({
    url: GRAPHQL_PATH,
    exchanges: [cacheExchange, fetchExchange],
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin' },
  });
}

/** For server load functions: SvelteKit's `fetch`, which hooks.server.ts sends to the API with the session cookie. */
export function createServerClient(fetch: typeof globalThis.fetch): Client {
  return new Client({
    url: GRAPHQL_PATH,
    exchanges: [fetchExchange],
    fetch,
    preferGetMethod: false,
    requestPolicy: 'network-only',
  });
}
