import { redirect } from '@sveltejs/kit';
import { signInPath } from '$lib/redirect';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ parent, url }) => {
  const { viewer } = await parent();
  if (!viewer) redirect(303, signInPath(url.pathname + url.search));
  return { viewer };
};
