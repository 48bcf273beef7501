import { recordAuditEvent } from '../audit/events.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { db } from '../db.js';
import { notify } from '../notifications/events.js';

/** The first use of a token from a network it had not been used from before. */
export interface FirstUse {
  tokenId: string;
  userId: string;
  address: string;
  network: string;
  at: Date;
}

/**
 * Tells the owner of each first use from a new network (IPv4 /24, IPv6 /64): an audit event
 * `TOKEN_USED_FROM_NEW_ADDRESS`, a `token.used_from_new_address` notification and the address marked, once per
 * token and network however many replicas see it (the notification's dedupeKey).
 */
export async function alertNewNetworks(firstUses: FirstUse[]): Promise<void> {
  for (const use of firstUses) {
    try {
      await db.$transaction(async (tx) => {
        const token = await tx.personalAccessToken.findUnique({ where: { id: use.tokenId }, select: { name: true } });
        if (!token) return;
        const notified = await notify(tx, {
          userId: use.userId,
          type: 'token.used_from_new_address',
          data: { tokenId: use.tokenId, tokenName: token.name, address: use.address, network: use.network },
          at: use.at,
          dedupeKey: `token.used_from_new_address:${use.tokenId}:${use.network}`,
        });
        if (!notified) return;
        await tx.tokenAddress.update({
          where: { tokenId_address: { tokenId: use.tokenId, address: use.address } },
          data: { newNetwork: true },
        });
        await recordAuditEvent(tx, {
          userId: use.userId,
          action: 'TOKEN_USED_FROM_NEW_ADDRESS',
          actor: { type: 'TOKEN', id: use.tokenId },
          token: { id: use.tokenId, name: token.name },
          origin: { ip: use.address, userAgent: null },
          at: use.at,
        });
      });
    } catch (error) {
      // Another replica raised this alert at the same moment.
      if (!isUniqueViolation(error)) throw error;
    }
  }
}
