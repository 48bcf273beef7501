import { graphql } from '$lib/graphql';

/** All of the account's tokens, whatever the filters, and how many it may hold: the API's limit, not a copy. */
export const TokenAllowanceQuery = graphql(`
  query TokenAllowance {
    viewer {
      id
      tokenLimit
      allTokens: tokens(first: 0) {
        totalCount
      }
    }
  }
`);
