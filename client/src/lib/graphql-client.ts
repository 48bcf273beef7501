import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  Client,
  cacheExchange,
  createRequest,
  fetchExchange,
  type SSRData,
  type SSRExchange,
  ssrExchange,
} from '@urql/core';

export const GRAPHQL_PATH = '/graphql';

const serverResults = new WeakMap<Client, SSRExchange>();

/** The one client the browser uses, provided to every component by the root layout. */
export function createBrowserClient(): Client {
  // Answers the first run of each operation a server load already made (restoreServerResults), once.
  const ssr = ssrExchange({ isClient: true });
  const client = new Client({
    url: GRAPHQL_PATH,
    exchanges: [cacheExchange, ssr, fetchExchange],
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin' },
  });
  serverResults.set(client, ssr);
  return client;
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

/**
 * A result a server load fetched, keyed as the browser's client will ask for it: `query` with exactly these
 * `variables`. Give it to `restoreServerResults`, and that query is answered without a request.
 */
export function serverResult<Data, Variables extends Record<string, unknown>>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  data: Data,
): SSRData {
  return { [createRequest(query, variables).key]: { data: JSON.stringify(data), hasNext: false } };
}

/** Lets the browser's client take over what the server rendered, without fetching it again. */
export function restoreServerResults(client: Client, results: SSRData): void {
  serverResults.get(client)?.restoreData(results);
}
