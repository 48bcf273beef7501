import { redirect } from '@sveltejs/kit';
import { DEFAULT_SIGNED_IN_PATH } from '$lib/redirect';
import { signInRedirect } from '$lib/server/sign-in-redirect';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, request }) => {
  const { viewer } = await parent();
  redirect(
    303,
    viewer ? DEFAULT_SIGNED_IN_PATH : signInRedirect(DEFAULT_SIGNED_IN_PATH, request.headers.get('cookie')),
  );
};
