import { graphql } from '$lib/graphql';
import type { ReauthenticateMutation as ReauthenticateAnswer } from '$lib/graphql/graphql';
import { type CallFailure, waitMessageOf } from '$lib/retry-after';

/**
 * Sudo mode's password check, sent by the password dialog through urql and by the confirm-password page's
 * form action without JavaScript.
 */
export const ReauthenticateMutation = graphql(`
  mutation Reauthenticate($input: ReauthenticateInput!) {
    reauthenticate(input: $input) {
      __typename
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

/** The message to show beside the password, or nothing once the API accepted it. */
export function reauthenticationRefusal(
  outcome: ReauthenticateAnswer['reauthenticate'] | null | undefined,
  failure?: CallFailure,
): string | undefined {
  if (outcome?.__typename === 'ReauthenticateSuccess') return undefined;
  // The API's InvalidCredentialsError speaks of "the email or password"; this prompt asks only the password.
  if (outcome?.__typename === 'InvalidCredentialsError') return 'The password is incorrect.';
  return (
    waitMessageOf(outcome, failure, 'Too many attempts with a wrong password.') ??
    'Your password could not be checked. Check your connection and try again.'
  );
}
