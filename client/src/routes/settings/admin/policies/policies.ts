import { tokenMaxLifetimeDays } from '@latchkey/rules';
import { graphql } from '$lib/graphql';
import type { AdminPoliciesQuery as AdminPoliciesAnswer } from '$lib/graphql/graphql';

export const AdminPoliciesQuery = graphql(`
  query AdminPolicies {
    policies {
      maxTokenLifetimeDays
      revokeUnusedAfterDays
      inactivityWarningDays
      approvalRequired
      writeRequiresAllowlist
    }
  }
`);

export type TokenPolicies = AdminPoliciesAnswer['policies'];

/** One policy as the page says it: what it is, whether it is on, and what it does then, in words. */
export interface PolicyStatement {
  id: 'lifetime' | 'inactivity' | 'approval' | 'allowlist';
  title: string;
  on: boolean;
  /** "Tokens live at most 90 days." or, when off, what holds instead. */
  summary: string;
  /** What follows from it, for the people whose tokens it governs. */
  detail: string;
}

const days = (count: number) => (count === 1 ? '1 day' : `${count} days`);

/** Every policy of the configuration file's `policies`, in words, in the order the file documents them. */
export function policyStatements(policies: TokenPolicies): PolicyStatement[] {
  const {
    maxTokenLifetimeDays,
    revokeUnusedAfterDays,
    inactivityWarningDays,
    approvalRequired,
    writeRequiresAllowlist,
  } = policies;
  return [
    {
      id: 'lifetime',
      title: 'Maximum token lifetime',
      on: maxTokenLifetimeDays !== null,
      summary:
        maxTokenLifetimeDays === null
          ? `Off: tokens may live up to ${days(tokenMaxLifetimeDays)}, the longest Latchkey offers.`
          : `Tokens live at most ${days(maxTokenLifetimeDays)}.`,
      detail:
        maxTokenLifetimeDays === null
          ? 'Every expiry choice is offered.'
          : 'Longer expiry choices are not offered, and the API refuses them; a rotated token gets a new secret ' +
            'within the limit. Tokens made before the limit keep their expiry until it is changed.',
    },
    {
      id: 'inactivity',
      title: 'Revocation of unused tokens',
      on: revokeUnusedAfterDays !== null,
      summary:
        revokeUnusedAfterDays === null
          ? 'Off: unused tokens are kept until they expire.'
          : `Tokens unused for ${days(revokeUnusedAfterDays)} are revoked.`,
      detail:
        revokeUnusedAfterDays === null
          ? 'A token that is never used stays active until its expiry.'
          : `Counted from the last use, or from its creation for a token never used. The owner is warned ` +
            `${days(inactivityWarningDays)} before; a token revoked this way cannot be restored.`,
    },
    {
      id: 'approval',
      title: 'Approval by an administrator',
      on: approvalRequired.length > 0,
      summary:
        approvalRequired.length === 0
          ? 'Off: no token waits for approval.'
          : `Tokens with ${approvalRequired.join(', ')} wait for an administrator's approval.`,
      detail:
        approvalRequired.length === 0
          ? 'New tokens work as soon as they are generated.'
          : 'Until approved, such a token is pending and authenticates nothing. Pending tokens are listed under ' +
            'Approvals.',
    },
    {
      id: 'allowlist',
      title: 'Address allowlist for tokens that can write',
      on: writeRequiresAllowlist,
      summary: writeRequiresAllowlist
        ? 'Tokens that can write must have an address allowlist.'
        : 'Off: any token may be used from any address.',
      detail: writeRequiresAllowlist
        ? 'A token holding a write permission (or one that implies it) is refused without an allowlist when it is ' +
          'generated, edited or restored.'
        : 'An allowlist stays optional for every token.',
    },
  ];
}
