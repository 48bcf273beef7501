import type { CatalogueFile } from '../permissions/catalogue-file.js';

/**
 * The operator's rules for every account's tokens, from the `policies` of latchkey.config.json
 * (docs/administration.md). Requests read them from their context (`context.policies`), background jobs are handed
 * them, so tests set them per app (`createTestApp({ policies })`).
 */
export interface Policies {
  /** No token may live longer; null when any offered lifetime is allowed. */
  maxTokenLifetimeDays: number | null;
  /** Tokens unused this long are revoked (reason INACTIVE), their owners warned 7 days before; null when never. */
  revokeUnusedAfterDays: number | null;
  /** Permissions that make a new token wait for an administrator's approval (status PENDING). */
  approvalRequired: ReadonlySet<string>;
  /** Tokens holding any `*:write` permission must have an address allowlist. */
  writeRequiresAllowlist: boolean;
}

export const NO_POLICIES: Policies = {
  maxTokenLifetimeDays: null,
  revokeUnusedAfterDays: null,
  approvalRequired: new Set(),
  writeRequiresAllowlist: false,
};

export function policiesOf(file: CatalogueFile['policies']): Policies {
  return {
    maxTokenLifetimeDays: file.maxTokenLifetimeDays ?? null,
    revokeUnusedAfterDays: file.revokeUnusedAfterDays ?? null,
    approvalRequired: new Set(file.approvalRequired),
    writeRequiresAllowlist: file.writeRequiresAllowlist,
  };
}
