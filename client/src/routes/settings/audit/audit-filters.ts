import type { AuditAction } from '$lib/graphql/graphql';

/** Each action as the action filter names it. A Record, so a new action in the schema fails type-checking here. */
export const auditActionLabels: Record<AuditAction, string> = {
  TOKEN_GENERATED: 'Token generated',
  TOKEN_UPDATED: 'Token edited',
  TOKEN_ROTATED: 'Token rotated',
  TOKEN_REVOKED: 'Token revoked',
  TOKEN_RESTORED: 'Token restored',
  TOKEN_DELETED: 'Token deleted',
  TOKEN_USED_FROM_NEW_ADDRESS: 'Token used from a new address',
  TOKEN_REFUSED_ADDRESS: 'Token refused from an address',
  SIGNED_IN: 'Signed in',
  SIGN_IN_FAILED: 'Sign-in failed',
  PASSWORD_CHANGED: 'Password changed',
  ADMINISTRATOR_GRANTED: 'Administrator role granted',
  ADMINISTRATOR_REVOKED: 'Administrator role revoked',
  TOKEN_APPROVED: 'Token approved',
  TOKEN_DENIED: 'Token denied',
  TOKENS_REVOKED_IN_BULK: 'Tokens revoked in bulk',
  ACCOUNT_LOCKED: 'Account locked',
  ACCOUNT_UNLOCKED: 'Account unlocked',
  SERVICE_KEY_CREATED: 'Service key created',
  SERVICE_KEY_REVOKED: 'Service key revoked',
};

const auditActions = Object.keys(auditActionLabels) as AuditAction[];

export const tokenActions = auditActions.filter((action) => action.startsWith('TOKEN_'));
export const accountActions = auditActions.filter((action) => !action.startsWith('TOKEN_'));

/** What the log is narrowed to, as the URL's query string keeps it. */
export interface AuditFilters {
  action: AuditAction | null;
  /** A token's global id. */
  tokenId: string | null;
}

const actionParameter = 'action';
const tokenParameter = 'token';

/** `?action=token_revoked&token=<global id>`; an unknown action reads as none. */
export function filtersFromQuery(query: URLSearchParams): AuditFilters {
  const action = query.get(actionParameter)?.toUpperCase();
  return {
    action: auditActions.find((known) => known === action) ?? null,
    tokenId: query.get(tokenParameter)?.trim() || null,
  };
}

/** The same URL with these filters in its query string, other parameters kept. */
export function urlWithFilters(url: URL, filters: AuditFilters): URL {
  const next = new URL(url);
  if (filters.action) next.searchParams.set(actionParameter, filters.action.toLowerCase());
  else next.searchParams.delete(actionParameter);
  if (filters.tokenId) next.searchParams.set(tokenParameter, filters.tokenId);
  else next.searchParams.delete(tokenParameter);
  return next;
}

/** The link to one token's events, as its detail page may offer. */
export function auditLogPathForToken(tokenId: string): string {
  return `/settings/audit?${new URLSearchParams({ [tokenParameter]: tokenId })}`;
}
