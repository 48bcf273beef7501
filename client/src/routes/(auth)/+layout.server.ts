import { redirect } from '@sveltejs/kit';
import { safeRedirectTarget } from '$lib/redirect';
import type { LayoutServerLoad } from './$types';

/** Someone already signed in has nothing to do on the sign-in and sign-up pages. */
export const load: LayoutServerLoad = async ({ parent, url }) => {
  const { viewer } = await parent();
  if (viewer) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
};
