import { graphql } from '$lib/graphql';

/**
 * The operator's catalogue, grouped by service as the API declares it: what the form offers, in that order; and the
 * longest lifetime a token may be given (longer expiry choices are not offered).
 */
export const PermissionCatalogueQuery = graphql(`
  query PermissionCatalogue {
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
