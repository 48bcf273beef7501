import { error } from '@sveltejs/kit';
import { callApi } from '$lib/server/api';
import type { PageServerLoad } from './$types';
import { AdminPoliciesQuery } from './policies';

// Read-only and small: loaded on the server, so the page shows them as they are, with or without JavaScript.
export const load: PageServerLoad = async (event) => {
  const answer = await callApi(event, AdminPoliciesQuery, {});
  if (!answer.data) error(503, 'Latchkey cannot reach its API right now. Try again in a moment.');
  return { policies: answer.data.policies };
};
