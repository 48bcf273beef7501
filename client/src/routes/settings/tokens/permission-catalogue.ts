import { graphql } from '$lib/graphql';

/** The operator's catalogue, grouped by service as the API declares it: what the form offers, in that order. */
export const PermissionCatalogueQuery = graphql(`
  query PermissionCatalogue {
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
