import type { Client } from '@urql/core';
import { graphql } from '$lib/graphql';
import type { PasswordConfirmation } from '$lib/password-confirmation.svelte';
import { errorsFromOutcome, generateFailedMessage, type TokenFormErrors, type TokenFormValues } from './token-form';

const GenerateTokenMutation = graphql(`
  mutation GenerateToken($input: GenerateTokenInput!) {
    generateToken(input: $input) {
      __typename
      ... on GenerateTokenSuccess {
        secret
        token {
          id
          name
          status
        }
      }
      ... on ValidationError {
        fieldErrors {
          path
          message
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

/** Where the Generate form is a page of its own, for a browser without JavaScript. */
export const generateTokenPath = '/settings/tokens/new';

/** A new token's name and its secret, which only this answer ever holds. */
export interface GeneratedToken {
  name: string;
  secret: string;
  /** It waits for an administrator's approval (status PENDING): the secret works once approved. */
  pending?: boolean;
}

/** Generates a token through urql, asking for the password first when the API wants it (sudo mode). */
export async function generateToken(
  client: Client,
  passwordConfirmation: PasswordConfirmation,
  values: TokenFormValues,
): Promise<{ generated: GeneratedToken } | { errors: TokenFormErrors }> {
  const { outcome } = await passwordConfirmation.attempt(async () => {
    const result = await client.mutation(GenerateTokenMutation, { input: values }).toPromise();
    return result.data?.generateToken;
  });
  if (!outcome) return { errors: { form: generateFailedMessage } };
  if (outcome.__typename === 'GenerateTokenSuccess') {
    return {
      generated: { name: outcome.token.name, secret: outcome.secret, pending: outcome.token.status === 'PENDING' },
    };
  }
  return { errors: errorsFromOutcome(outcome) };
}
