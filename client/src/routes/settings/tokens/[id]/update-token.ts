import type { Client } from '@urql/core';
import { graphql } from '$lib/graphql';
import type { UpdateTokenInput, UpdateTokenMutation as UpdateTokenResult } from '$lib/graphql/graphql';

/** Sent by the edit form through urql, and by the token page's `update` form action without JavaScript. */
export const UpdateTokenMutation = graphql(`
  mutation UpdateToken($id: ID!, $input: UpdateTokenInput!) {
    updateToken(id: $id, input: $input) {
      __typename
      ... on UpdateTokenSuccess {
        token {
          ...TokenDetailsFields
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

/** The outcome of an edit, or undefined when the request itself failed. */
export async function updateToken(
  client: Client,
  id: string,
  input: UpdateTokenInput,
): Promise<UpdateTokenResult['updateToken'] | undefined> {
  const result = await client.mutation(UpdateTokenMutation, { id, input }).toPromise();
  return result.data?.updateToken;
}
