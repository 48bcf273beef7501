import type { LatchkeyApi } from '../api.js';
import { graphql } from '../graphql/gql.js';
import type { TokenStatus } from '../graphql/graphql.js';
import { type TokenSummary, toTokenSummary } from './token-summary.js';

/** The API's own limit on a page. */
export const LARGEST_PAGE = 100;

const TokensPageQuery = graphql(`
  query TokensPage($first: Int!, $after: String, $status: TokenStatus, $search: String) {
    viewer {
      tokens(first: $first, after: $after, status: $status, search: $search) {
        totalCount
        edges {
          node {
            ...TokenSummary
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export interface TokenFilter {
  status?: TokenStatus | undefined;
  search?: string | undefined;
}

export interface TokenPage {
  totalCount: number;
  tokens: TokenSummary[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export async function fetchTokenPage(
  api: LatchkeyApi,
  filter: TokenFilter,
  first: number,
  after: string | null = null,
): Promise<TokenPage> {
  const { viewer } = await api.request(TokensPageQuery, {
    first,
    after,
    status: filter.status ?? null,
    search: filter.search ?? null,
  });
  if (!viewer) throw new Error('the API returned no viewer for an authenticated request');
  const { totalCount, edges, pageInfo } = viewer.tokens;
  return {
    totalCount,
    tokens: edges.map((edge) => toTokenSummary(edge.node)),
    hasNextPage: pageInfo.hasNextPage,
    endCursor: pageInfo.endCursor ?? null,
  };
}

/** Follows the cursor from page to page, a page at a time. */
export async function* eachTokenPage(api: LatchkeyApi, filter: TokenFilter): AsyncGenerator<TokenPage> {
  let after: string | null = null;
  for (;;) {
    const page = await fetchTokenPage(api, filter, LARGEST_PAGE, after);
    yield page;
    if (!page.hasNextPage || page.endCursor === null) return;
    after = page.endCursor;
  }
}
