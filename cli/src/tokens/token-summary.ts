import { type FragmentType, useFragment as getFragmentData } from '../graphql/fragment-masking.js';
import { graphql } from '../graphql/gql.js';
import type { TokenStatus } from '../graphql/graphql.js';
import { formatDate } from '../output.js';

export const TokenSummaryFragment = graphql(`
  fragment TokenSummary on PersonalAccessToken {
    id
    name
    hint
    permissions {
      name
      removed
    }
    status
    createdAt
    expiresAt
    lastUsedAt
  }
`);

/**
 * A token as `--json` prints it: permission names like `tokens:read`, lower-case statuses. Names the
 * catalogue no longer has are kept apart, as they grant nothing: a script reading `permissions` sees
 * only what the token may do.
 */
export interface TokenSummary {
  id: string;
  name: string;
  hint: string;
  permissions: string[];
  removedPermissions: string[];
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
    permissions: token.permissions.filter((permission) => !permission.removed).map((permission) => permission.name),
    removedPermissions: token.permissions
      .filter((permission) => permission.removed)
      .map((permission) => permission.name),
    status: token.status.toLowerCase() as Lowercase<TokenStatus>,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    lastUsedAt: token.lastUsedAt ?? null,
  };
}

/** `reports:read`, then `legacy:read (removed)` for each name the catalogue no longer has. */
export function permissionLabels(token: TokenSummary): string[] {
  return [...token.permissions, ...token.removedPermissions.map((name) => `${name} (removed)`)];
}

export const TOKEN_TABLE_HEADER = ['NAME', 'STATUS', 'PERMISSIONS', 'EXPIRES', 'LAST USED', 'ID'];

export function tokenTableRow(token: TokenSummary): string[] {
  return [
    token.name,
    token.status,
    permissionLabels(token).join(','),
    formatDate(token.expiresAt),
    token.lastUsedAt ? formatDate(token.lastUsedAt) : 'never',
    token.id,
  ];
}
