import { type FragmentType, useFragment as getFragmentData } from '../graphql/fragment-masking.js';
import { graphql } from '../graphql/gql.js';
import type { TokenStatus } from '../graphql/graphql.js';
import { formatDate, formatDateTime, terminalSafe } from '../output.js';

export const TokenSummaryFragment = graphql(`
  fragment TokenSummary on PersonalAccessToken {
    id
    name
    description
    hint
    permissions {
      name
      removed
    }
    status
    createdAt
    expiresAt
    previousSecretValidUntil
    lastUsedAt
    allowedAddresses
    rateLimit {
      requests
      windowSeconds
    }
    quota {
      uses
      refill
    }
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
  description: string | null;
  hint: string;
  permissions: string[];
  removedPermissions: string[];
  status: Lowercase<TokenStatus>;
  createdAt: string;
  expiresAt: string;
  /** Until when the secret the last rotation replaced still works; null when none does. */
  previousSecretValidUntil: string | null;
  lastUsedAt: string | null;
  /** Addresses and CIDR ranges it may be used from, normalised; empty when any address may. */
  allowedAddresses: string[];
  rateLimit: { requests: number; windowSeconds: number } | null;
  /** `refill` is `day`, `week` or `month`, or null when the quota never refills. */
  quota: { uses: number; refill: 'day' | 'week' | 'month' | null } | null;
}

export function toTokenSummary(reference: FragmentType<typeof TokenSummaryFragment>): TokenSummary {
  const token = getFragmentData(TokenSummaryFragment, reference);
  return {
    id: token.id,
    name: token.name,
    description: token.description ?? null,
    hint: token.hint,
    permissions: token.permissions.filter((permission) => !permission.removed).map((permission) => permission.name),
    removedPermissions: token.permissions
      .filter((permission) => permission.removed)
      .map((permission) => permission.name),
    status: token.status.toLowerCase() as Lowercase<TokenStatus>,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    previousSecretValidUntil: token.previousSecretValidUntil ?? null,
    lastUsedAt: token.lastUsedAt ?? null,
    allowedAddresses: [...token.allowedAddresses],
    rateLimit: token.rateLimit
      ? { requests: token.rateLimit.requests, windowSeconds: token.rateLimit.windowSeconds }
      : null,
    quota: token.quota
      ? {
          uses: token.quota.uses,
          refill: (token.quota.refill?.toLowerCase() ?? null) as 'day' | 'week' | 'month' | null,
        }
      : null,
  };
}

/** `reports:read`, then `legacy:read (removed)` for each name the catalogue no longer has. */
export function permissionLabels(token: TokenSummary): string[] {
  return [...token.permissions, ...token.removedPermissions.map((name) => `${name} (removed)`)];
}

const DESCRIPTION_COLUMN_WIDTH = 40;

/** The description on one line, cut at a word where it can; `--json` has it whole. */
export function shortDescription(description: string | null): string {
  // Counted in code points, so an emoji is never split in half.
  const characters = Array.from(
    terminalSafe(description ?? '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  if (characters.length <= DESCRIPTION_COLUMN_WIDTH) return characters.join('');
  const cut = characters.slice(0, DESCRIPTION_COLUMN_WIDTH - 1).join('');
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace >= DESCRIPTION_COLUMN_WIDTH / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

export const TOKEN_TABLE_HEADER = ['NAME', 'DESCRIPTION', 'STATUS', 'PERMISSIONS', 'EXPIRES', 'LAST USED', 'ID'];

export function tokenTableRow(token: TokenSummary): string[] {
  const expires = formatDate(token.expiresAt);
  return [
    token.name,
    shortDescription(token.description),
    token.status,
    permissionLabels(token).join(','),
    token.previousSecretValidUntil
      ? `${expires} (previous secret valid until ${formatDateTime(token.previousSecretValidUntil)})`
      : expires,
    token.lastUsedAt ? formatDate(token.lastUsedAt) : 'never',
    token.id,
  ];
}
