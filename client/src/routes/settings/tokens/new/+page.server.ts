import { error } from '@sveltejs/kit';
import { callApi } from '$lib/server/api';
import { PermissionCatalogueQuery } from '../permission-catalogue';
import { generateTokenAction } from '../token-actions.server';
import type { Actions, PageServerLoad } from './$types';

// The Generate form as a page of its own: where the Generate button leads without JavaScript.
export const load: PageServerLoad = async (event) => {
  const catalogue = await callApi(event, PermissionCatalogueQuery, {});
  if (!catalogue.data) error(503, 'Latchkey cannot reach its API right now. Try again in a moment.');
  return { services: catalogue.data.services, maxLifetimeDays: catalogue.data.policies.maxTokenLifetimeDays };
};

export const actions: Actions = {
  default: generateTokenAction,
};
