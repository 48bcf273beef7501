import { redirect } from '@sveltejs/kit';
import { DEFAULT_SIGNED_IN_PATH, signInPath } from '$lib/redirect';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
  const { viewer } = await parent();
  redirect(303, viewer ? DEFAULT_SIGNED_IN_PATH : signInPath(DEFAULT_SIGNED_IN_PATH));
};
