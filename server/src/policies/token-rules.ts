import { InvalidTransitionError, ValidationError } from '../errors.js';
import type { ExpiryChoice } from '../tokens/expiration.js';
import { parsePermissions } from '../tokens/permissions.js';
import { checkTokenLifetime } from './lifetime.js';
import type { Policies } from './policies.js';
import { writeAllowlistProblem } from './write-allowlist.js';

/** A token as a generation or an edit would leave it. */
interface ChosenToken {
  /** The expiry chosen now; absent when an edit keeps the one it had. */
  expiry?: ExpiryChoice;
  expiresAt: Date;
  permissions: readonly string[];
  allowlist: unknown | null;
}

/**
 * The operator's policies on a token being generated or edited: an expiry chosen within the maximum lifetime, and
 * an address allowlist for a token that can write when the policy asks for one. Refusals are ValidationErrors on the
 * input field to change.
 */
export function checkTokenPolicies(policies: Policies, token: ChosenToken, now: Date): void {
  if (token.expiry) checkTokenLifetime(policies, token.expiry, token.expiresAt, now);
  const problem = writeAllowlistProblem(policies, token.permissions, token.allowlist);
  if (problem) throw ValidationError.forField(['input', 'allowedAddresses'], problem);
}

/** A revoked token comes back only if it meets the allowlist policy; it keeps its expiry, whatever the maximum. */
export function checkRestorePolicies(
  policies: Policies,
  token: { permissions: string; allowedAddresses: string | null },
): void {
  const problem = writeAllowlistProblem(policies, parsePermissions(token.permissions), token.allowedAddresses);
  if (problem) throw new InvalidTransitionError(`${problem} Give it one (edit the token), then restore it.`);
}
