import { redirect } from '@sveltejs/kit';
import { signInRedirect } from '$lib/server/sign-in-redirect';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ parent, url, request, untrack }) => {
  const { viewer } = await parent();
  if (!viewer) {
    // Untracked: the query string only matters on the way to sign-in, and filtering the token list changes it.
    const target = untrack(() => url.pathname + url.search);
    redirect(303, signInRedirect(target, request.headers.get('cookie')));
  }
  return { viewer };
};
