import { graphql } from '$lib/graphql';

/** Shared by the list (scope names) and the form (checkboxes), so the page asks for the catalogue once. */
export const ScopesQuery = graphql(`
  query Scopes {
    scopes {
      scope
      name
      description
    }
  }
`);
