import { messagesByField } from '$lib/field-errors';
import { graphql } from '$lib/graphql';
import type { SignUpMutation as SignUpAnswer } from '$lib/graphql/graphql';
import { passwordLengthError } from '$lib/password-length';
import { type CallFailure, waitMessageOf } from '$lib/retry-after';

/** Sent by the page's form, through urql when JavaScript runs and through the form action when it does not. */
export const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      __typename
      ... on SignUpSuccess {
        user {
          id
        }
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

export interface SignUpValues {
  email: string;
  password: string;
}

export type SignUpErrors = Partial<Record<keyof SignUpValues | 'form', string>>;

export function validateSignUp({ email, password }: SignUpValues): SignUpErrors {
  const errors: SignUpErrors = {};
  const trimmed = email.trim();
  if (!trimmed) errors.email = 'Enter your email address.';
  else if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) errors.email = 'Enter an email address like name@example.com.';
  const passwordError = passwordLengthError(password);
  if (passwordError) errors.password = passwordError;
  return errors;
}

/** Where each refusal of `signUp` is shown: beside a field, or above the form. */
export function signUpFailure(outcome: SignUpAnswer['signUp'] | null | undefined, failure?: CallFailure): SignUpErrors {
  if (outcome?.__typename === 'ValidationError') {
    const errors = messagesByField(outcome.fieldErrors, ['email', 'password']);
    if (!errors.email && !errors.password) errors.form ??= outcome.message;
    return errors;
  }
  const wait = waitMessageOf(outcome, failure);
  if (wait) return { form: wait };
  if (outcome && outcome.__typename !== 'SignUpSuccess') return { form: outcome.message };
  return { form: 'Creating the account failed. Check your connection and try again.' };
}
