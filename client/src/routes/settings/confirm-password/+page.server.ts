/**
 * The password re-confirmation (sudo) step as a page, for flows without JavaScript. URL contract:
 *
 * - `GET /settings/confirm-password?next=<path>` shows the password form (signed-in people only; the settings
 *   layout sends others to sign in and back here). `confirmPasswordPath(next)` in $lib/redirect builds the URL.
 * - `POST` to the same URL (the default action; any page's form may post here), field `password`: calls the API's
 *   `reauthenticate` as the signed-in person. Accepted: 303 to `next`. Refused: this page again with the error
 *   beside the field (400 for a wrong or missing password, 429 after too many attempts).
 * - `next` must be a same-site path (`safeRedirectTarget`); anything else, or none, goes to /settings/tokens.
 *   It is a GET target: the form that needed the confirmation is shown again and the person submits it once
 *   more (nothing the flow needs, and never a secret, travels through this page). Restoring a token uses it; forms
 *   with typed input (generating, rotating) ask for the password inside their own page instead, so nothing typed is
 *   lost ($lib/server/password-step).
 */
import { fail, redirect } from '@sveltejs/kit';
import { ReauthenticateMutation, reauthenticationRefusal } from '$lib/reauthentication';
import { safeRedirectTarget } from '$lib/redirect';
import { callApi } from '$lib/server/api';
import { formText, statusOfRefusal } from '$lib/server/form-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ next: safeRedirectTarget(url.searchParams.get('next')) });

export const actions: Actions = {
  default: async (event) => {
    const next = safeRedirectTarget(event.url.searchParams.get('next'));
    const password = formText(await event.request.formData(), 'password');
    if (!password) return fail(400, { error: 'Enter your password.' });

    const result = await callApi(event, ReauthenticateMutation, { input: { password } });
    const refusal = reauthenticationRefusal(result.data?.reauthenticate, result);
    if (refusal) return fail(statusOfRefusal(result), { error: refusal });
    redirect(303, next);
  },
};
