import type { RevocationReason } from '$lib/graphql/graphql';

const revokedBy: Record<RevocationReason, string> = {
  OWNER: 'by you',
  LEAKED: 'because it leaked',
  ADMIN: 'by an administrator',
  DENIED: 'approval denied',
  INACTIVE: 'unused for too long',
};

/** What follows a Revoked badge: "by an administrator", so that a token without Restore says why. */
export function revocationReasonText(reason: RevocationReason | null): string {
  return reason ? revokedBy[reason] : '';
}
