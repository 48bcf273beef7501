import type { Client } from '@urql/core';
import { graphql } from '$lib/graphql';
import type { PasswordConfirmation } from '$lib/password-confirmation.svelte';
import { tokenActionTexts } from './token-action-texts';

const RestoreTokenMutation = graphql(`
  mutation RestoreToken($id: ID!) {
    restoreToken(id: $id) {
      __typename
      ... on RestoreTokenSuccess {
        token {
          id
          status
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

/** How a restore ended: done, refused with a message to show, or stopped by the person at the password. */
export type RestoreResult = { restored: true } | { restored: false; message: string } | { cancelled: true };

/** Restoring needs a recent password (sudo mode): asks for it when the API wants it, then tries again. */
export async function restoreToken(
  client: Client,
  passwordConfirmation: PasswordConfirmation,
  id: string,
): Promise<RestoreResult> {
  const { outcome, cancelled } = await passwordConfirmation.attempt(async () => {
    const result = await client.mutation(RestoreTokenMutation, { id }).toPromise();
    return result.data?.restoreToken;
  });
  if (cancelled) return { cancelled: true };
  if (outcome?.__typename === 'RestoreTokenSuccess') return { restored: true };
  return {
    restored: false,
    message: outcome?.message ?? tokenActionTexts.restore.failed,
  };
}
