import { graphql } from '$lib/graphql';
import type {
  AdminTokenFilter,
  AdminTokenOrder,
  AdminTokenOrderField,
  OrderDirection,
  RevokeTokensAsAdministratorInput,
  TokenStatus,
} from '$lib/graphql/graphql';

/** Tokens read per "Load more". */
export const INVENTORY_PAGE_SIZE = 50;

export const AdministeredTokenFields = graphql(`
  fragment AdministeredTokenFields on AdministeredToken {
    id
    ownerEmail
    name
    hint
    permissions {
      name
    }
    status
    createdAt
    createdFromAddress
    expiresAt
    lastUsedAt
    lastUsedService
    lastUsedIp
    revocationReason
    revocationMessage
  }
`);

export const AdminTokensQuery = graphql(`
  query AdminTokens($filter: AdminTokenFilter, $orderBy: AdminTokenOrder, $first: Int!, $after: String) {
    adminTokens(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      totalCountIsLowerBound
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...AdministeredTokenFields
        }
      }
    }
  }
`);

export const RevokeTokensAsAdministratorMutation = graphql(`
  mutation RevokeTokensAsAdministrator($input: RevokeTokensAsAdministratorInput!) {
    revokeTokensAsAdministrator(input: $input) {
      __typename
      ... on RevokeTokensAsAdministratorSuccess {
        revokedCount
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

const STATUSES: readonly TokenStatus[] = ['ACTIVE', 'PENDING', 'REVOKED', 'EXPIRED'];

/** The sort choices, as the page offers them; the first is the API's default. */
export const SORTS: { value: string; label: string }[] = [
  { value: 'created-desc', label: 'Newest first' },
  { value: 'created-asc', label: 'Oldest first' },
  { value: 'expires-asc', label: 'Expiring soonest' },
  { value: 'expires-desc', label: 'Expiring latest' },
  { value: 'used-desc', label: 'Recently used' },
  { value: 'used-asc', label: 'Least recently used' },
];

const SORT_FIELDS: Record<string, AdminTokenOrderField> = {
  created: 'CREATED_AT',
  expires: 'EXPIRES_AT',
  used: 'LAST_USED_AT',
};
const SORT_DIRECTIONS: Record<string, OrderDirection> = { asc: 'ASC', desc: 'DESC' };

/** What the page shows, as its URL says it: every filter and the sort are query parameters. */
export interface InventoryView {
  filter: AdminTokenFilter;
  sort: string;
}

const TEXT_PARAMETERS = ['owner', 'permission', 'service', 'address'] as const;
const FILTER_FIELDS = {
  owner: 'ownerEmail',
  permission: 'permission',
  service: 'service',
  address: 'createdFromAddress',
} as const;

const positiveDays = (value: string | null) => {
  if (!value || !/^\d{1,4}$/.test(value)) return undefined;
  const days = Number(value);
  return days >= 1 ? days : undefined;
};

/** The view a URL asks for; parameters that make no sense are left out rather than refused. */
export function viewFromSearchParams(parameters: URLSearchParams): InventoryView {
  const filter: AdminTokenFilter = {};
  for (const name of TEXT_PARAMETERS) {
    const value = parameters.get(name)?.trim();
    if (value) filter[FILTER_FIELDS[name]] = value;
  }
  const status = parameters.get('status')?.toUpperCase();
  if (status && (STATUSES as readonly string[]).includes(status)) filter.status = status as TokenStatus;
  const expiring = positiveDays(parameters.get('expiring'));
  if (expiring !== undefined) filter.expiringWithinDays = expiring;
  const unused = positiveDays(parameters.get('unused'));
  if (unused !== undefined) filter.unusedForDays = unused;
  const used = parameters.get('used');
  if (used === 'never') filter.neverUsed = true;
  else if (used === 'ever') filter.neverUsed = false;
  const sort = parameters.get('sort') ?? '';
  return { filter, sort: SORTS.some((choice) => choice.value === sort) ? sort : (SORTS[0]?.value ?? '') };
}

/** The URL query of a view (without defaults), so that a filtered inventory can be bookmarked and shared. */
export function searchParamsOfView(view: InventoryView): URLSearchParams {
  const parameters = new URLSearchParams();
  const { filter } = view;
  for (const name of TEXT_PARAMETERS) {
    const value = filter[FILTER_FIELDS[name]];
    if (value) parameters.set(name, value);
  }
  if (filter.status) parameters.set('status', filter.status.toLowerCase());
  if (filter.expiringWithinDays) parameters.set('expiring', String(filter.expiringWithinDays));
  if (filter.unusedForDays) parameters.set('unused', String(filter.unusedForDays));
  if (filter.neverUsed != null) parameters.set('used', filter.neverUsed ? 'never' : 'ever');
  if (view.sort !== SORTS[0]?.value) parameters.set('sort', view.sort);
  return parameters;
}

/** The `orderBy` argument of a sort choice. */
export function orderOfSort(sort: string): AdminTokenOrder {
  const [field = 'created', direction = 'desc'] = sort.split('-');
  return { field: SORT_FIELDS[field] ?? 'CREATED_AT', direction: SORT_DIRECTIONS[direction] ?? 'DESC' };
}

export function hasFilter(filter: AdminTokenFilter): boolean {
  return Object.values(filter).some((value) => value !== undefined && value !== null && value !== '');
}

/** What is selected: some tokens by id, or every token matching the filter the page shows. */
export type Selection = { kind: 'tokens'; ids: ReadonlySet<string> } | { kind: 'matching'; filter: AdminTokenFilter };

export const NOTHING_SELECTED: Selection = { kind: 'tokens', ids: new Set() };

export function toggleToken(selection: Selection, id: string, selected: boolean): Selection {
  const ids = new Set(selection.kind === 'tokens' ? selection.ids : []);
  if (selected) ids.add(id);
  else ids.delete(id);
  return { kind: 'tokens', ids };
}

/** Selects or clears every token on the loaded pages (an "all matching" selection becomes the loaded ones). */
export function toggleLoaded(selection: Selection, loadedIds: readonly string[], selected: boolean): Selection {
  if (!selected) return NOTHING_SELECTED;
  const ids = new Set(selection.kind === 'tokens' ? selection.ids : []);
  for (const id of loadedIds) ids.add(id);
  return { kind: 'tokens', ids };
}

export function isSelected(selection: Selection, id: string): boolean {
  return selection.kind === 'matching' || selection.ids.has(id);
}

export function selectionIsEmpty(selection: Selection): boolean {
  return selection.kind === 'tokens' && selection.ids.size === 0;
}

/** "12,345" or "10,000+": how many tokens match, as the API counted them. */
export function matchingCountText(count: { totalCount: number; totalCountIsLowerBound: boolean }): string {
  return `${count.totalCount.toLocaleString('en-US')}${count.totalCountIsLowerBound ? '+' : ''}`;
}

/** The list's heading: "1 token", "1,000+ tokens match". */
export function countHeading(
  count: { totalCount: number; totalCountIsLowerBound: boolean },
  filtered: boolean,
): string {
  const one = count.totalCount === 1 && !count.totalCountIsLowerBound;
  const tokens = `${matchingCountText(count)} ${one ? 'token' : 'tokens'}`;
  return filtered ? `${tokens} ${one ? 'matches' : 'match'}` : tokens;
}

const plural = (count: number, one: string, many: string) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/** What the selection bar and the dialog say is selected. */
export function selectionText(
  selection: Selection,
  count: { totalCount: number; totalCountIsLowerBound: boolean },
): string {
  if (selection.kind === 'tokens') return `${plural(selection.ids.size, 'token', 'tokens')} selected`;
  const matching = matchingCountText(count);
  return count.totalCountIsLowerBound || count.totalCount !== 1
    ? `All ${matching} tokens matching this filter selected`
    : 'The 1 token matching this filter selected';
}

/** The mutation's input for a selection: ids, or the filter itself (the server revokes what matches it then). */
export function revocationInput(selection: Selection, message: string): RevokeTokensAsAdministratorInput {
  return selection.kind === 'tokens'
    ? { tokenIds: [...selection.ids], message: message.trim() }
    : { filter: selection.filter, message: message.trim() };
}

export const MESSAGE_MAX_LENGTH = 500;

/** Why the message cannot be sent as written, checked before asking the API (which checks it again). */
export function revocationMessageProblem(message: string): string | undefined {
  const trimmed = message.trim();
  if (trimmed.length === 0) return 'Write a message to the owners: they read it with the revocation.';
  if (trimmed.length > MESSAGE_MAX_LENGTH) return `The message is at most ${MESSAGE_MAX_LENGTH} characters.`;
  return undefined;
}

export interface RevocationRefusal {
  message?: string;
  form?: string;
}

type RevocationOutcome =
  | { __typename: 'RevokeTokensAsAdministratorSuccess'; revokedCount: number }
  | { __typename: 'ValidationError'; message: string; fieldErrors: { path: string[]; message: string }[] }
  | { __typename: string; message?: string }
  | null
  | undefined;

/** What the dialog shows for the mutation's answer; null when the tokens were revoked. */
export function revocationRefusal(outcome: RevocationOutcome): RevocationRefusal | null {
  if (outcome?.__typename === 'RevokeTokensAsAdministratorSuccess') return null;
  if (outcome && 'fieldErrors' in outcome) {
    const onMessage = outcome.fieldErrors.find((error) => error.path.at(-1) === 'message');
    const others = outcome.fieldErrors.filter((error) => error !== onMessage).map((error) => error.message);
    return {
      ...(onMessage ? { message: onMessage.message } : {}),
      ...(others.length > 0 ? { form: others.join(' ') } : {}),
    };
  }
  if (outcome && 'message' in outcome && outcome.message) return { form: outcome.message };
  return { form: 'The tokens could not be revoked. Check your connection and try again.' };
}

export function revokedText(revokedCount: number): string {
  return revokedCount === 0
    ? 'No token was revoked: the selected ones were already revoked or expired.'
    : `${plural(revokedCount, 'token', 'tokens')} revoked; each owner is told, with your message.`;
}
