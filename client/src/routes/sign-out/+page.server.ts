import { fail, redirect } from '@sveltejs/kit';
import { signInPath } from '$lib/redirect';
import { callApi } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';
import { SignOutMutation } from './sign-out';

/**
 * Signing out is a POST: the header's Sign out button posts here from every page, with or without JavaScript.
 * A GET (a link, a prefetch, an image planted elsewhere) only shows the button, so it never signs anyone out.
 */
export const load: PageServerLoad = async ({ parent }) => {
  const { viewer } = await parent();
  if (!viewer) redirect(303, signInPath(null));
};

export const actions: Actions = {
  default: async (event) => {
    const result = await callApi(event, SignOutMutation, {});
    if (result.data?.signOut === undefined) return fail(result.status >= 400 ? result.status : 503, { failed: true });
    // A full page load follows, so nothing of this account stays in the browser's memory.
    redirect(303, signInPath(null, 'signed-out'));
  },
};
