import { ReauthenticateMutation, reauthenticationRefusal } from '$lib/reauthentication';
import { type ApiEvent, callApi } from './api';
import { formText, statusOfRefusal } from './form-actions';

/**
 * Sudo mode without JavaScript, inside the page that needed it: when the API asks for the password again, the
 * form action answers with a password prompt that carries everything the form posted as hidden inputs. Its post
 * goes to the same action with `password` added: the password is confirmed first, then the action runs with what
 * was typed. The password travels only in that post's body; the fields never leave the page for a URL.
 */
export interface PasswordStep {
  /** The posted fields, but the password, in order (repeated names such as `permissions` kept). */
  carried: [string, string][];
  /** Why the password just posted was refused; null when it has not been asked yet. */
  error: string | null;
}

export const PASSWORD_FIELD = 'password';

export function passwordStep(form: FormData, error: string | null = null): PasswordStep {
  const carried: [string, string][] = [];
  for (const [name, value] of form) {
    if (name !== PASSWORD_FIELD && typeof value === 'string') carried.push([name, value]);
  }
  return { carried, error };
}

/**
 * When `form` answers the password prompt: confirms the password with the API before the action goes on.
 * Resolves with why it was refused (and the status to answer with), or null to go on.
 */
export async function confirmPostedPassword(
  event: ApiEvent,
  form: FormData,
): Promise<{ status: number; step: PasswordStep } | null> {
  if (!form.has(PASSWORD_FIELD)) return null;
  const password = formText(form, PASSWORD_FIELD);
  if (!password) return { status: 400, step: passwordStep(form, 'Enter your password.') };
  const result = await callApi(event, ReauthenticateMutation, { input: { password } });
  const refusal = reauthenticationRefusal(result.data?.reauthenticate, result);
  return refusal ? { status: statusOfRefusal(result), step: passwordStep(form, refusal) } : null;
}
