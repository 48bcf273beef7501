import { fail, type RequestEvent, redirect } from '@sveltejs/kit';
import { graphql } from '$lib/graphql';
import type { RotationOverlap } from '$lib/graphql/graphql';
import {
  DeleteTokenDocument,
  GenerateTokenDocument,
  RestoreTokenDocument,
  RevokeTokenDocument,
} from '$lib/graphql/graphql';
import { confirmPasswordPath } from '$lib/redirect';
import { callApi } from '$lib/server/api';
import { formText, statusOfRefusal } from '$lib/server/form-actions';
import { confirmPostedPassword, passwordStep } from '$lib/server/password-step';
import { editableTokenOf, editErrorsFromOutcome, hasChanges, updateInputFrom, validateEdit } from './[id]/edit-token';
import { editTokenValuesOf } from './[id]/edit-token-form.server';
import { UpdateTokenMutation } from './[id]/update-token';
import { generateTokenInputOf, validateGenerateTokenFields } from './generate-token-fields';
import { generateTokenFieldsOf, oneOf } from './generate-token-form.server';
import { defaultRotationOverlap, RotateTokenMutation, rotateFailedMessage, rotationOverlaps } from './rotate-token';
import { type ConfirmedTokenAction, tokenActionTexts } from './token-action-texts';
import { errorsFromOutcome, generateFailedMessage, hasErrors } from './token-form';

// The form actions behind the tokens pages when JavaScript does not run. They send the same mutations as the
// dialogs, so the API's rules decide; with JavaScript the dialogs send them through urql instead.

/** What a confirmed change leaves on the page: a notice once made, the reason when it was refused. */
export type TokenActionData = { notice: string } | { action: ConfirmedTokenAction | 'rotate'; error: string };

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
 * marks every signed-in response `no-store`): never in a URL, a cookie or a redirect. When the API wants the password
 * first, the page asks for it with the typed fields carried along (see $lib/server/password-step).
 */
export async function generateTokenAction(event: RequestEvent) {
  const form = await event.request.formData();
  const fields = generateTokenFieldsOf(form);
  const invalid = validateGenerateTokenFields(fields, new Date());
  if (hasErrors(invalid)) return fail(400, { fields, errors: invalid });
  const refused = await confirmPostedPassword(event, form);
  if (refused) return fail(refused.status, { passwordStep: refused.step });

  const result = await callApi(event, GenerateTokenDocument, { input: generateTokenInputOf(fields) });
  const outcome = result.data?.generateToken;
  if (!outcome) return fail(statusOfRefusal(result), { fields, errors: { form: generateFailedMessage } });
  if (outcome.__typename === 'ReauthenticationRequiredError') return fail(403, { passwordStep: passwordStep(form) });
  if (outcome.__typename === 'GenerateTokenSuccess') {
    return {
      generated: { name: outcome.token.name, secret: outcome.secret, pending: outcome.token.status === 'PENDING' },
    };
  }
  return fail(400, { fields, errors: errorsFromOutcome(outcome) });
}

/**
 * Rotates a token from the token page's question (`?confirm=rotate`). Like generating, the new secret is in this
 * response's page only, and a password the API asks for first is asked in the page, the chosen overlap carried along.
 */
export async function rotateTokenAction(event: RequestEvent) {
  const form = await event.request.formData();
  const id = formText(form, 'id');
  const overlap = oneOf<RotationOverlap>(
    formText(form, 'overlap'),
    rotationOverlaps.map((choice) => choice.value),
    defaultRotationOverlap,
  );
  const refused = await confirmPostedPassword(event, form);
  if (refused) return fail(refused.status, { passwordStep: refused.step });

  const result = await callApi(event, RotateTokenMutation, { id, overlap });
  const outcome = result.data?.rotateToken;
  if (outcome?.__typename === 'RotateTokenSuccess') {
    return { rotated: { name: outcome.token.name, secret: outcome.secret } };
  }
  if (outcome?.__typename === 'ReauthenticationRequiredError') return fail(403, { passwordStep: passwordStep(form) });
  return fail(statusOfRefusal(result), { action: 'rotate' as const, error: outcome?.message ?? rotateFailedMessage });
}

const EditableTokenQuery = graphql(`
  query EditableToken($id: ID!) {
    node(id: $id) {
      __typename
      ... on PersonalAccessToken {
        id
        name
        description
        permissions {
          name
        }
        expiresAt
        allowedAddresses
        rateLimit {
          requests
          windowSeconds
        }
        quota {
          uses
          refill
        }
      }
    }
  }
`);

export const saveFailedMessage = 'Saving failed. Check your connection and try again.';

/**
 * Saves the token page's edit form. It is read against the token as it is now, as the form in the browser reads
 * it, so the same checks apply and only what changed is sent; refusals come back beside their fields with what
 * was typed.
 */
export async function updateTokenAction(event: RequestEvent, id: string) {
  const form = await event.request.formData();
  const current = await callApi(event, EditableTokenQuery, { id });
  const node = current.data?.node;
  const token = node?.__typename === 'PersonalAccessToken' ? editableTokenOf(node) : null;
  const values = editTokenValuesOf(form, token?.rateLimit?.windowSeconds);
  if (!token) {
    const error = current.data ? 'No token with that id exists.' : saveFailedMessage;
    return fail(current.data ? 404 : statusOfRefusal(current), { edit: { values, errors: { form: error } } });
  }

  const invalid = validateEdit(values, token, new Date());
  if (Object.values(invalid).some(Boolean)) return fail(400, { edit: { values, errors: invalid } });
  const input = updateInputFrom(values, token);
  if (!hasChanges(input)) redirect(303, `/settings/tokens/${encodeURIComponent(id)}`);

  const result = await callApi(event, UpdateTokenMutation, { id, input });
  const outcome = result.data?.updateToken;
  if (!outcome) return fail(statusOfRefusal(result), { edit: { values, errors: { form: saveFailedMessage } } });
  if (outcome.__typename === 'UpdateTokenSuccess') return { notice: 'Changes saved.' };
  return fail(400, { edit: { values, errors: editErrorsFromOutcome(outcome) } });
}
