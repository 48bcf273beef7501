import { fail, redirect } from '@sveltejs/kit';
import { safeRedirectTarget } from '$lib/redirect';
import { callApi } from '$lib/server/api';
import { formText, statusOfRefusal } from '$lib/server/form-actions';
import type { Actions } from './$types';
import { SignUpMutation, signUpFailure, validateSignUp } from './sign-up';

/** The sign-up form without JavaScript; with it, the page sends the same mutation through urql. */
export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = { email: formText(form, 'email').trim(), password: formText(form, 'password') };
    const errors = validateSignUp(values);
    if (Object.keys(errors).length > 0) return fail(400, { email: values.email, errors });

    const result = await callApi(event, SignUpMutation, { input: values });
    const outcome = result.data?.signUp;
    if (outcome?.__typename === 'SignUpSuccess') {
      redirect(303, safeRedirectTarget(event.url.searchParams.get('redirectTo')));
    }
    return fail(statusOfRefusal(result), { email: values.email, errors: signUpFailure(outcome, result) });
  },
};
