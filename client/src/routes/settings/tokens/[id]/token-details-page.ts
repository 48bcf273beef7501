import type { SSRData } from '@urql/core';
import { graphql } from '$lib/graphql';
import type {
  PermissionCatalogueQuery as PermissionCatalogueResult,
  TokenDetailsPageQuery as TokenDetailsPageResult,
  TokenDetailsQuery as TokenDetailsResult,
} from '$lib/graphql/graphql';
import { serverResult } from '$lib/graphql-client';
import { PermissionCatalogueQuery } from '../permission-catalogue';

/** One token with everything its page shows. */
export const TokenDetailsQuery = graphql(`
  query TokenDetails($id: ID!) {
    node(id: $id) {
      __typename
      ... on PersonalAccessToken {
        ...TokenDetailsFields
        ...TokenRowFields
        ...TokenActivityFields
      }
    }
  }
`);

/** The token page's first request: the token and the catalogue its permissions are grouped by, in one. */
export const TokenDetailsPageQuery = graphql(`
  query TokenDetailsPage($id: ID!) {
    node(id: $id) {
      __typename
      ... on PersonalAccessToken {
        ...TokenDetailsFields
        ...TokenRowFields
        ...TokenActivityFields
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

export interface TokenDetailsPageResults {
  id: string;
  details: TokenDetailsResult;
  catalogue: PermissionCatalogueResult;
}

export function splitTokenDetailsPage(id: string, data: TokenDetailsPageResult): TokenDetailsPageResults {
  return { id, details: { node: data.node }, catalogue: { policies: data.policies, services: data.services } };
}

/** The same answers keyed as the browser's client asks for them (restoreServerResults). */
export function tokenDetailsServerResults(results: TokenDetailsPageResults): SSRData {
  return {
    ...serverResult(TokenDetailsQuery, { id: results.id }, results.details),
    ...serverResult(PermissionCatalogueQuery, {}, results.catalogue),
  };
}
