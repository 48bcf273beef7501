import { graphql } from '$lib/graphql';
import type { SignInMutation as SignInAnswer } from '$lib/graphql/graphql';
import { type CallFailure, waitMessageOf } from '$lib/retry-after';

/** Sent by the page's form, through urql when JavaScript runs and through the form action when it does not. */
export const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      __typename
      ... on SignInSuccess {
        user {
          id
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

export interface SignInValues {
  email: string;
  password: string;
}

export type SignInErrors = Partial<Record<keyof SignInValues | 'form', string>>;

export function validateSignIn({ email, password }: SignInValues): SignInErrors {
  const errors: SignInErrors = {};
  if (!email.trim()) errors.email = 'Enter your email address.';
  if (!password) errors.password = 'Enter your password.';
  return errors;
}

/** Why signing in did not go through, above the form. */
export function signInFailure(outcome: SignInAnswer['signIn'] | null | undefined, failure?: CallFailure): string {
  return (
    waitMessageOf(outcome, failure) ??
    (outcome?.__typename === 'SignInSuccess' ? undefined : outcome?.message) ??
    'Signing in failed. Check your connection and try again.'
  );
}
