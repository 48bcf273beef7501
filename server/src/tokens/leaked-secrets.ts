import { auditActorOf } from '../audit/actor.js';
import type { RequestOrigin } from '../audit/events.js';
import { db } from '../db.js';
import { notify } from '../notifications/events.js';
import { isWellFormedToken, tokenDigest } from './format.js';
import { revokeTokens } from './revocation.js';
import { usableAt } from './status.js';

/** The most candidate secrets one report may hold. */
export const MAX_REPORTED_SECRETS = 1000;

export interface LeakReport {
  /** Where the reporter says they found the secrets (a URL, usually), unverified; null when they do not say. */
  reportedFrom: string | null;
  origin: RequestOrigin;
  at: Date;
}

// Each lookup binds every digest twice; Prisma refuses more than 999 parameters on SQLite.
const DIGESTS_PER_LOOKUP = 250;

/** The usable tokens the secrets open, by owner: by their current secret, or one a rotation replaced while it works. */
async function tokensOpenedBy(digests: string[], at: Date): Promise<Map<string, Set<string>>> {
  const byOwner = new Map<string, Set<string>>();
  for (let start = 0; start < digests.length; start += DIGESTS_PER_LOOKUP) {
    const batch = digests.slice(start, start + DIGESTS_PER_LOOKUP);
    const found = await db.personalAccessToken.findMany({
      where: {
        ...usableAt(at),
        OR: [{ digest: { in: batch } }, { previousDigest: { in: batch }, previousSecretValidUntil: { gt: at } }],
      },
      select: { id: true, userId: true },
    });
    for (const { id, userId } of found) byOwner.set(userId, (byOwner.get(userId) ?? new Set()).add(id));
  }
  return byOwner;
}

/**
 * Revokes, with reason LEAKED (never restorable), every token one of `secrets` opens, and tells each owner
 * (`token.leaked`) in the transaction of the revoke. Anyone may report, so the audit shows an anonymous actor at
 * the reporter's address. Malformed candidates cost nothing; every well-formed one is looked up the same way, by
 * digest, whether it opens a token or not. Returns how many tokens were revoked, for the logs: the reporter is
 * never told.
 */
export async function revokeLeakedSecrets(secrets: readonly string[], report: LeakReport): Promise<number> {
  const digests = [...new Set(secrets.filter(isWellFormedToken))].map(tokenDigest);
  if (digests.length === 0) return 0;
  let revokedCount = 0;
  // Tokens of several people: one revocation (a transaction) per owner, as each owner's own revokes are.
  for (const [userId, tokenIds] of await tokensOpenedBy(digests, report.at)) {
    const { revoked } = await revokeTokens(
      { userId, tokenIds: [...tokenIds] },
      { reason: 'LEAKED', actor: auditActorOf(null), origin: report.origin, at: report.at },
      async (tx, revokedNow) => {
        for (const token of revokedNow) {
          await notify(tx, {
            userId,
            type: 'token.leaked',
            data: {
              tokenId: token.id,
              tokenName: token.name,
              ...(report.reportedFrom === null ? {} : { reportedFrom: report.reportedFrom }),
            },
            at: report.at,
          });
        }
      },
    );
    revokedCount += revoked.length;
  }
  return revokedCount;
}
