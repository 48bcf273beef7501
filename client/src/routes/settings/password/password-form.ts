import type { CombinedError } from '@urql/core';
import { messagesByField } from '$lib/field-errors';
import type { ChangePasswordMutation } from '$lib/graphql/graphql';
import { passwordLengthError } from '$lib/password-length';

export interface PasswordFormValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export type PasswordFormField = keyof PasswordFormValues;
export type PasswordFormErrors = Partial<Record<PasswordFormField | 'form', string>>;

/** What the page tells the form once the API answered: a summary to show, or where each error goes. */
export type PasswordChangeOutcome = { summary: string } | { errors: PasswordFormErrors };

export function validatePasswordForm(values: PasswordFormValues): PasswordFormErrors {
  const errors: PasswordFormErrors = {};
  if (!values.currentPassword) errors.currentPassword = 'Enter your current password.';
  const newPasswordError =
    passwordLengthError(values.newPassword) ??
    (values.newPassword === values.currentPassword ? 'Choose a password different from your current one.' : undefined);
  if (newPasswordError) errors.newPassword = newPasswordError;
  if (!values.confirmPassword) errors.confirmPassword = 'Enter the new password again.';
  else if (values.confirmPassword !== values.newPassword) errors.confirmPassword = 'The passwords do not match.';
  return errors;
}

export function hasErrors(errors: PasswordFormErrors): boolean {
  return Object.values(errors).some(Boolean);
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Password changed. 2 other sessions were signed out; 3 tokens were revoked." */
export function changeSummary(
  success: { signedOutSessionCount: number; revokedTokenCount: number },
  revokeAllTokens: boolean,
): string {
  const sessions =
    success.signedOutSessionCount === 0
      ? 'No other session was signed in'
      : `${count(success.signedOutSessionCount, 'other session was', 'other sessions were')} signed out`;
  if (!revokeAllTokens) return `Password changed. ${sessions}. Your tokens keep working.`;
  const tokens =
    success.revokedTokenCount === 0
      ? 'you had no active tokens to revoke'
      : `${count(success.revokedTokenCount, 'token was', 'tokens were')} revoked`;
  return `Password changed. ${sessions}; ${tokens}.`;
}

/** "1 minute", "15 minutes", "30 seconds": how long a rate limit lasts, rounded up. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return count(Math.max(1, Math.ceil(seconds)), 'second', 'seconds');
  return count(Math.ceil(seconds / 60), 'minute', 'minutes');
}

export const rateLimitMessage = (retryAfterSeconds: number) =>
  `Too many attempts with a wrong password. Try again in ${formatWait(retryAfterSeconds)}.`;

/**
 * The API answers a rate-limited attempt with HTTP 429. urql reads the JSON body into `data` when it can;
 * when it cannot, the status, `Retry-After` header or error extensions on the CombinedError still say so.
 */
export function retryAfterFromError(error: CombinedError | undefined): number | null {
  if (!error) return null;
  const fromExtensions = error.graphQLErrors
    .map((graphQLError) => graphQLError.extensions?.retryAfterSeconds)
    .find((value): value is number => typeof value === 'number');
  const response = error.response as Response | undefined;
  if (response?.status !== 429 && fromExtensions === undefined) return null;
  const fromHeader = Number.parseInt(response?.headers?.get('Retry-After') ?? '', 10);
  return fromExtensions ?? (Number.isFinite(fromHeader) ? fromHeader : 60);
}

export function isSignedOut(error: CombinedError | undefined): boolean {
  return error?.graphQLErrors.some((graphQLError) => graphQLError.extensions?.code === 'UNAUTHENTICATED') ?? false;
}

/** Where each answer of `changePassword` is shown: a summary, beside a field, or above the button. */
export function outcomeOf(
  result: { data?: ChangePasswordMutation; error?: CombinedError },
  revokeAllTokens: boolean,
): PasswordChangeOutcome {
  const outcome = result.data?.changePassword;
  switch (outcome?.__typename) {
    case 'ChangePasswordSuccess':
      return { summary: changeSummary(outcome, revokeAllTokens) };
    case 'InvalidCredentialsError':
      return { errors: { currentPassword: 'Your current password is incorrect.' } };
    case 'RateLimitedError':
      return { errors: { form: rateLimitMessage(outcome.retryAfterSeconds) } };
    case 'ValidationError': {
      const errors = messagesByField(outcome.fieldErrors, ['currentPassword', 'newPassword']);
      return { errors: hasErrors(errors) ? errors : { form: outcome.message } };
    }
  }
  const retryAfter = retryAfterFromError(result.error);
  if (retryAfter !== null) return { errors: { form: rateLimitMessage(retryAfter) } };
  if (isSignedOut(result.error)) return { errors: { form: 'You have been signed out. Sign in again to continue.' } };
  return { errors: { form: 'Your password could not be changed. Check your connection and try again.' } };
}
