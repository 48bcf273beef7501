import { graphql } from '$lib/graphql';
import type { RotationOverlap } from '$lib/graphql/graphql';

/** Sent by the Rotate dialog through urql, and by the token page's `rotate` form action without JavaScript. */
export const RotateTokenMutation = graphql(`
  mutation RotateToken($id: ID!, $overlap: RotationOverlap!) {
    rotateToken(id: $id, overlap: $overlap) {
      __typename
      ... on RotateTokenSuccess {
        secret
        token {
          id
          name
          hint
          expiresAt
          previousSecretValidUntil
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

/** How long the current secret keeps working once a new one is made. */
export const rotationOverlaps: readonly { value: RotationOverlap; label: string }[] = [
  { value: 'NONE', label: 'Stops at once' },
  { value: 'ONE_HOUR', label: 'Keeps working for 1 hour' },
  { value: 'ONE_DAY', label: 'Keeps working for 1 day' },
  { value: 'SEVEN_DAYS', label: 'Keeps working for 7 days' },
];

export const defaultRotationOverlap: RotationOverlap = 'ONE_HOUR';

export const rotateFailedMessage = 'The token could not be rotated. Check your connection and try again.';
