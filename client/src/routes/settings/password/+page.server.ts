import { fail } from '@sveltejs/kit';
import { callApi } from '$lib/server/api';
import { formText, statusOfRefusal } from '$lib/server/form-actions';
import type { Actions } from './$types';
import { ChangePasswordMutation, hasErrors, outcomeOf, validatePasswordForm } from './password-form';

/**
 * The password form without JavaScript; with it, the page sends the same mutation through urql. When the
 * session has ended meanwhile, the settings layout's load sends the person to sign in as it renders the answer.
 */
export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = {
      currentPassword: formText(form, 'currentPassword'),
      newPassword: formText(form, 'newPassword'),
      confirmPassword: formText(form, 'confirmPassword'),
    };
    const revokeAllTokens = form.has('revokeAllTokens');
    const errors = validatePasswordForm(values);
    if (hasErrors(errors)) return fail(400, { errors, revokeAllTokens });

    const { currentPassword, newPassword } = values;
    const result = await callApi(event, ChangePasswordMutation, {
      input: { currentPassword, newPassword, revokeAllTokens },
    });
    const outcome = outcomeOf({ data: result.data, error: result }, revokeAllTokens);
    if ('summary' in outcome) return outcome;
    return fail(statusOfRefusal(result), { ...outcome, revokeAllTokens });
  },
};
