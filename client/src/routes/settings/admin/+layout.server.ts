import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

// The API refuses every administrative field to everyone else anyway; this only spares them a page of refusals.
export const load: LayoutServerLoad = async ({ parent }) => {
  const { viewer } = await parent();
  if (!viewer.isAdministrator) error(403, 'Only administrators can see this page.');
  return {};
};
