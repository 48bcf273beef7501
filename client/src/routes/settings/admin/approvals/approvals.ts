import { graphql } from '$lib/graphql';

/** The most requests shown on one page of the queue. */
export const QUEUE_PAGE_SIZE = 20;

export const ApprovalRequestFields = graphql(`
  fragment ApprovalRequestFields on TokenApprovalRequest {
    tokenId
    ownerEmail
    tokenName
    description
    permissions {
      name
      description
    }
    permissionsNeedingApproval
    requestedAt
    lifetimeDays
  }
`);

export const PendingApprovalsQuery = graphql(`
  query PendingApprovals($first: Int!, $after: String) {
    pendingApprovals(first: $first, after: $after) {
      edges {
        node {
          ...ApprovalRequestFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ApproveTokenMutation = graphql(`
  mutation ApproveToken($id: ID!, $message: String) {
    approveToken(id: $id, message: $message) {
      __typename
      ... on ApproveTokenSuccess {
        request {
          tokenId
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

export const DenyTokenMutation = graphql(`
  mutation DenyToken($id: ID!, $message: String!) {
    denyToken(id: $id, message: $message) {
      __typename
      ... on DenyTokenSuccess {
        request {
          tokenId
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

export type Decision = 'approve' | 'deny';

/** What a decision dialog shows after an attempt: nothing once it succeeded, else the message and where it goes. */
export interface DecisionRefusal {
  /** Beside the message field. */
  message?: string;
  /** Above the buttons. */
  form?: string;
}

type DecisionOutcome =
  | { __typename: string; message?: string; fieldErrors?: { path: string[]; message: string }[] }
  | null
  | undefined;

const SUCCESS = new Set(['ApproveTokenSuccess', 'DenyTokenSuccess']);

/** How an answer of `approveToken` or `denyToken` reads in the dialog; null when it succeeded. */
export function decisionRefusal(outcome: DecisionOutcome, decision: Decision): DecisionRefusal | null {
  if (outcome && SUCCESS.has(outcome.__typename)) return null;
  if (!outcome) {
    return {
      form: `The request could not be ${decision === 'approve' ? 'approved' : 'denied'}. Check your connection and try again.`,
    };
  }
  const onMessage = outcome.fieldErrors?.find((error) => error.path.at(-1) === 'message');
  if (onMessage) return { message: onMessage.message };
  return { form: outcome.message ?? 'Something went wrong. Try again.' };
}

/** The API's limit on the message sent with a decision (server/src/schema/admin-approvals.ts). */
export const DECISION_MESSAGE_MAX_LENGTH = 500;

/** Why a deny would be refused before asking the API (it says the same), or undefined. */
export function denyMessageProblem(message: string): string | undefined {
  return message.trim() ? undefined : 'Say why the request is denied: its owner reads it.';
}

/** "30 days", "1 day", "12 hours": how long the token will live once approved. */
export function lifetimeText(days: number): string {
  if (days >= 1) {
    const whole = Math.round(days);
    return whole === 1 ? '1 day' : `${whole} days`;
  }
  const hours = Math.max(1, Math.round(days * 24));
  return hours === 1 ? '1 hour' : `${hours} hours`;
}
