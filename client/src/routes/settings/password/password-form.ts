import { messagesByField } from '$lib/field-errors';
import { graphql } from '$lib/graphql';
import type { ChangePasswordMutation as ChangePasswordAnswer } from '$lib/graphql/graphql';
import { passwordLengthError } from '$lib/password-length';
import { type CallFailure, waitMessageOf } from '$lib/retry-after';

/** Sent by the page's form, through urql when JavaScript runs and through the form action when it does not. */
export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      __typename
      ... on ChangePasswordSuccess {
        signedOutSessionCount
        revokedTokenCount
      }
      ... on ValidationError {
        fieldErrors {
          path
          message
        }
      }
      ... on RateLimitedError {
        retryAfterSeconds
      }
      ... on ServerBusyError {
        retryAfterSeconds
      }
      ... on Error {
        message
      }
    }
  }
`);

export interface PasswordFormValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export type PasswordFormField = keyof PasswordFormValues;
export type PasswordFormErrors = Partial<Record<PasswordFormField | 'form', string>>;

/** What the page tells the form once the API answered: a summary to show, or where each error goes. */
export type PasswordChangeOutcome = { summary: string } | { errors: PasswordFormErrors };

/** What the form action answers a post made without JavaScript: the outcome, and the checkbox as it was sent. */
export type PostedPasswordChange = PasswordChangeOutcome & { revokeAllTokens?: boolean };

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

const wrongPasswordAttempts = 'Too many attempts with a wrong password.';

export function isSignedOut(failure: CallFailure | undefined): boolean {
  if (!failure) return false;
  const graphQLErrors = 'graphQLErrors' in failure ? failure.graphQLErrors : failure.errors;
  return graphQLErrors.some((graphQLError) => graphQLError.extensions?.code === 'UNAUTHENTICATED');
}

/** Where each answer of `changePassword` is shown: a summary, beside a field, or above the button. */
export function outcomeOf(
  result: { data?: ChangePasswordAnswer | null; error?: CallFailure },
  revokeAllTokens: boolean,
): PasswordChangeOutcome {
  const outcome = result.data?.changePassword;
  switch (outcome?.__typename) {
    case 'ChangePasswordSuccess':
      return { summary: changeSummary(outcome, revokeAllTokens) };
    case 'InvalidCredentialsError':
      return { errors: { currentPassword: 'Your current password is incorrect.' } };
    case 'ValidationError': {
      const errors = messagesByField(outcome.fieldErrors, ['currentPassword', 'newPassword']);
      return { errors: hasErrors(errors) ? errors : { form: outcome.message } };
    }
  }
  const wait = waitMessageOf(outcome, result.error, wrongPasswordAttempts);
  if (wait) return { errors: { form: wait } };
  if (isSignedOut(result.error)) return { errors: { form: 'You have been signed out. Sign in again to continue.' } };
  return { errors: { form: 'Your password could not be changed. Check your connection and try again.' } };
}
