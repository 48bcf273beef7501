import type { SSRData } from '@urql/core';
import { graphql } from '$lib/graphql';
import type {
  PermissionCatalogueQuery as PermissionCatalogueResult,
  TokenAllowanceQuery as TokenAllowanceResult,
  TokenListPageQueryVariables,
  TokenListPageQuery as TokenListPageResult,
  TokensPageQuery as TokensPageResult,
} from '$lib/graphql/graphql';
import { serverResult } from '$lib/graphql-client';
import { PermissionCatalogueQuery } from './permission-catalogue';
import { TOKENS_PER_PAGE, TokenListPageQuery } from './TokenListPage.svelte';
import { TokenAllowanceQuery } from './token-allowance';
import type { AppliedFilters } from './token-filters.svelte';

/**
 * Everything the tokens page shows first, in one request: the first page of the list, the allowance and the
 * permission catalogue. The same fields as the three queries the browser keeps using afterwards (typed below), so
 * that their results can be handed over without a refetch.
 */
export const TokensPageQuery = graphql(`
  query TokensPage($first: Int!, $status: TokenStatus, $search: String) {
    viewer {
      id
      tokenLimit
      allTokens: tokens(first: 0) {
        totalCount
      }
      tokens(first: $first, status: $status, search: $search) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            ...TokenRowFields
          }
        }
      }
    }
    policies {
      maxTokenLifetimeDays
    }
    services {
      id
      name
      description
      permissions {
        name
        description
        implies
      }
    }
  }
`);

/** The variables of the list's page after `after` (null: the first), exactly as TokenListPage asks for it. */
export function pageVariables(filters: AppliedFilters, after: string | null = null): TokenListPageQueryVariables {
  return { first: TOKENS_PER_PAGE, after, status: filters.status, search: filters.search || null };
}

/** A page after the first, as the server loaded it for `?after=…` (Load more without JavaScript). */
export interface LoadedPage {
  after: string;
  result: TokenListPageResult;
}

/** The tokens page's first request, split into the answers of the queries the page's components make. */
export interface TokensPageResults {
  filters: AppliedFilters;
  firstPage: TokenListPageResult;
  /** The pages shown after the first, in order: one per `after` cursor of the URL. */
  morePages: LoadedPage[];
  allowance: TokenAllowanceResult;
  catalogue: PermissionCatalogueResult;
}

export function splitTokensPage(
  filters: AppliedFilters,
  data: TokensPageResult,
  morePages: LoadedPage[] = [],
): TokensPageResults {
  const catalogue = { policies: data.policies, services: data.services };
  if (!data.viewer) {
    return { filters, firstPage: { viewer: null }, morePages: [], allowance: { viewer: null }, catalogue };
  }
  // What the parts share (the id, and __typename when the document asked for it) goes to each.
  const { tokens, tokenLimit, allTokens, ...shared } = data.viewer;
  return {
    filters,
    firstPage: { viewer: { ...shared, tokens } },
    morePages,
    allowance: { viewer: { ...shared, tokenLimit, allTokens } },
    catalogue,
  };
}

/** The same answers keyed as the browser's client asks for them (restoreServerResults). */
export function tokensPageServerResults(results: TokensPageResults): SSRData {
  return {
    ...serverResult(TokenListPageQuery, pageVariables(results.filters), results.firstPage),
    ...Object.assign(
      {},
      ...results.morePages.map((page) =>
        serverResult(TokenListPageQuery, pageVariables(results.filters, page.after), page.result),
      ),
    ),
    ...serverResult(TokenAllowanceQuery, {}, results.allowance),
    ...serverResult(PermissionCatalogueQuery, {}, results.catalogue),
  };
}
