import { error } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import { createServerClient } from '$lib/graphql-client';
import type { LayoutServerLoad } from './$types';

const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      id
      email
      isAdministrator
    }
  }
`);

export const load: LayoutServerLoad = async ({ fetch, depends }) => {
  depends('app:viewer');
  const result = await createServerClient(fetch).query(ViewerQuery, {}).toPromise();
  if (result.error) error(503, 'Latchkey cannot reach its API right now. Try again in a moment.');
  return { viewer: result.data?.viewer ?? null };
};
