import { type FragmentType, useFragment as getFragmentData } from '../graphql/fragment-masking.js';
import { graphql } from '../graphql/gql.js';
import type { TokenStatus } from '../graphql/graphql.js';
import { formatDate } from '../output.js';
import { scopeName } from '../scopes.js';

export const TokenSummaryFragment = graphql(`
  fragment TokenSummary on PersonalAccessToken {
    id
    name
    hint
    scopes
    status
    createdAt
    expiresAt
    lastUsedAt
  }
`);

/** A token as `--json` prints it: scope names like `tokens:read`, lower-case statuses. */
export interface TokenSummary {
  id: string;
  name: string;
  hint: string;
  scopes: string[];
  status: Lowercase<TokenStatus>;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
}

export function toTokenSummary(reference: FragmentType<typeof TokenSummaryFragment>): TokenSummary {
  const token = getFragmentData(TokenSummaryFragment, reference);
  return {
    id: token.id,
    name: token.name,
    hint: token.hint,
    scopes: token.scopes.map(scopeName),
    status: token.status.toLowerCase() as Lowercase<TokenStatus>,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    lastUsedAt: token.lastUsedAt ?? null,
  };
}

export const TOKEN_TABLE_HEADER = ['NAME', 'STATUS', 'SCOPES', 'EXPIRES', 'LAST USED', 'ID'];

export function tokenTableRow(token: TokenSummary): string[] {
  return [
    token.name,
    token.status,
    token.scopes.join(','),
    formatDate(token.expiresAt),
    token.lastUsedAt ? formatDate(token.lastUsedAt) : 'never',
    token.id,
  ];
}
