import { operatorCatalogue } from '../permissions/operator-catalogue.js';
import type { Policies } from './policies.js';

const isWritePermission = (name: string) => name.endsWith(':write');

/**
 * The write permissions a token holding `permissions` has, implications followed (a permission that implies
 * `reports:write` writes too), when the policy requires an allowlist for them; empty otherwise.
 */
export function writePermissionsNeedingAllowlist(policies: Policies, permissions: readonly string[]): string[] {
  if (!policies.writeRequiresAllowlist) return [];
  const held = new Set([...permissions, ...operatorCatalogue().granted(permissions)]);
  return [...held].filter(isWritePermission).sort();
}

/** Why a token with these permissions and this allowlist is refused under the policy, or null. */
export function writeAllowlistProblem(
  policies: Policies,
  permissions: readonly string[],
  allowlist: unknown | null,
): string | null {
  if (allowlist !== null) return null;
  const writes = writePermissionsNeedingAllowlist(policies, permissions);
  if (writes.length === 0) return null;
  return `A token that can write (${writes.join(', ')}) must have an address allowlist on this server.`;
}
