import { fail, type RequestEvent, redirect } from '@sveltejs/kit';
import {
  DeleteTokenDocument,
  GenerateTokenDocument,
  RestoreTokenDocument,
  RevokeTokenDocument,
} from '$lib/graphql/graphql';
import { confirmPasswordPath } from '$lib/redirect';
import { callApi } from '$lib/server/api';
import { formText, statusOfRefusal } from '$lib/server/form-actions';
import { generateTokenPath } from './generate-token';
import { generateTokenInputOf, validateGenerateTokenFields } from './generate-token-fields';
import { generateTokenFieldsOf } from './generate-token-form.server';
import { type ConfirmedTokenAction, tokenActionTexts } from './token-action-texts';
import { errorsFromOutcome, generateFailedMessage, hasErrors } from './token-form';

// The form actions behind the tokens pages when JavaScript does not run. They send the same mutations as the
// dialogs, so the API's rules decide; with JavaScript the dialogs send them through urql instead.

/** What a confirmed change leaves on the page: a notice once made, the reason when it was refused. */
export type TokenActionData = { notice: string } | { action: ConfirmedTokenAction; error: string };

async function postedToken(event: RequestEvent) {
  const form = await event.request.formData();
  return { id: formText(form, 'id'), name: formText(form, 'name') };
}

export async function revokeTokenAction(event: RequestEvent) {
  const { id, name } = await postedToken(event);
  const result = await callApi(event, RevokeTokenDocument, { id });
  const outcome = result.data?.revokeToken;
  if (outcome?.__typename === 'RevokeTokenSuccess') return { notice: tokenActionTexts.revoke.done(name) };
  return fail(statusOfRefusal(result), {
    action: 'revoke' as const,
    error: outcome?.message ?? tokenActionTexts.revoke.failed,
  });
}

/** `askAgainAt` is where the question is asked again once the password has been confirmed. */
export async function restoreTokenAction(event: RequestEvent, askAgainAt: (id: string) => string) {
  const { id, name } = await postedToken(event);
  const result = await callApi(event, RestoreTokenDocument, { id });
  const outcome = result.data?.restoreToken;
  if (outcome?.__typename === 'RestoreTokenSuccess') return { notice: tokenActionTexts.restore.done(name) };
  if (outcome?.__typename === 'ReauthenticationRequiredError') redirect(303, confirmPasswordPath(askAgainAt(id)));
  return fail(statusOfRefusal(result), {
    action: 'restore' as const,
    error: outcome?.message ?? tokenActionTexts.restore.failed,
  });
}

export async function deleteTokenAction(event: RequestEvent) {
  const { id, name } = await postedToken(event);
  const result = await callApi(event, DeleteTokenDocument, { id });
  const outcome = result.data?.deleteToken;
  if (outcome?.__typename === 'DeleteTokenSuccess') return { notice: tokenActionTexts.delete.done(name) };
  return fail(statusOfRefusal(result), {
    action: 'delete' as const,
    error: outcome?.message ?? tokenActionTexts.delete.failed,
  });
}

/**
 * Generates a token from a posted Generate form. The secret goes back in this response's page only (hooks.server.ts
 * marks every signed-in response `no-store`): never in a URL, a cookie or a redirect.
 */
export async function generateTokenAction(event: RequestEvent) {
  const fields = generateTokenFieldsOf(await event.request.formData());
  const invalid = validateGenerateTokenFields(fields, new Date());
  if (hasErrors(invalid)) return fail(400, { fields, errors: invalid });

  const result = await callApi(event, GenerateTokenDocument, { input: generateTokenInputOf(fields) });
  const outcome = result.data?.generateToken;
  if (!outcome) return fail(statusOfRefusal(result), { fields, errors: { form: generateFailedMessage } });
  if (outcome.__typename === 'ReauthenticationRequiredError') redirect(303, confirmPasswordPath(generateTokenPath));
  if (outcome.__typename === 'GenerateTokenSuccess') {
    return { generated: { name: outcome.token.name, secret: outcome.secret } };
  }
  return fail(400, { fields, errors: errorsFromOutcome(outcome) });
}
