import { graphql } from '$lib/graphql';

/** How many accounts one "Load more" adds. */
export const ACCOUNTS_PAGE_SIZE = 50;

/** The API's limit on a lock reason (server/src/admin/accounts.ts). */
export const MAX_LOCK_REASON_LENGTH = 500;

export const AdminAccountFields = graphql(`
  fragment AdminAccountFields on AdminAccount {
    id
    email
    createdAt
    lastSignInAt
    isAdministrator
    lockedAt
    lockedReason
    activeTokenCount
    tokenCount
  }
`);

export const AdminAccountsQuery = graphql(`
  query AdminAccounts($search: String, $first: Int!, $after: String) {
    adminAccounts(search: $search, first: $first, after: $after) {
      edges {
        node {
          ...AdminAccountFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const LockAccountMutation = graphql(`
  mutation LockAccount($input: LockAccountInput!) {
    lockAccount(input: $input) {
      __typename
      ... on LockAccountSuccess {
        account {
          ...AdminAccountFields
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

export const UnlockAccountMutation = graphql(`
  mutation UnlockAccount($input: UnlockAccountInput!) {
    unlockAccount(input: $input) {
      __typename
      ... on UnlockAccountSuccess {
        account {
          ...AdminAccountFields
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const GrantAdministratorRoleMutation = graphql(`
  mutation GrantAdministratorRole($email: String!) {
    grantAdministrator(input: { email: $email }) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const RevokeAdministratorRoleMutation = graphql(`
  mutation RevokeAdministratorRole($email: String!) {
    revokeAdministrator(input: { email: $email }) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

/** What the accounts table offers on a row. */
export type AccountAction = 'lock' | 'unlock' | 'grant' | 'revoke';

/** What an account dialog shows after an attempt: nothing once it succeeded, else the message and where it goes. */
export interface AccountChangeRefusal {
  /** Beside the reason field. */
  reason?: string;
  /** Above the buttons. */
  form?: string;
}

type ChangeOutcome =
  | { __typename: string; message?: string; fieldErrors?: { path: string[]; message: string }[] }
  | null
  | undefined;

const SUCCESS = new Set([
  'LockAccountSuccess',
  'UnlockAccountSuccess',
  'GrantAdministratorSuccess',
  'RevokeAdministratorSuccess',
]);

/** How an answer of lockAccount, unlockAccount, grantAdministrator or revokeAdministrator reads; null on success. */
export function accountChangeRefusal(outcome: ChangeOutcome): AccountChangeRefusal | null {
  if (outcome && SUCCESS.has(outcome.__typename)) return null;
  if (!outcome) return { form: 'The account could not be changed. Check your connection and try again.' };
  const onReason = outcome.fieldErrors?.find((error) => error.path.at(-1) === 'reason');
  if (onReason) return { reason: onReason.message };
  return { form: outcome.message ?? 'Something went wrong. Try again.' };
}

/** Why a lock would be refused before asking the API (it says the same), or undefined. */
export function lockReasonProblem(reason: string): string | undefined {
  const trimmed = reason.trim();
  if (!trimmed) return 'Say why: the person sees it when they sign in.';
  if ([...trimmed].length > MAX_LOCK_REASON_LENGTH) {
    return `A reason is at most ${MAX_LOCK_REASON_LENGTH} characters.`;
  }
  return undefined;
}

/** The search the URL holds (`?search=`), or null. */
export function searchFromUrl(url: URL): string | null {
  const search = url.searchParams.get('search')?.trim();
  return search ? search : null;
}

/** `url` showing `search` (none when empty), for a reload or a shared link to show the same accounts. */
export function urlWithSearch(url: URL, search: string): URL {
  const next = new URL(url);
  const trimmed = search.trim();
  if (trimmed) next.searchParams.set('search', trimmed);
  else next.searchParams.delete('search');
  return next;
}

/** "3 of 5 active", "None": an account's tokens at a glance. */
export function tokenCountText(active: number, total: number): string {
  if (total === 0) return 'None';
  return `${active} of ${total} active`;
}
