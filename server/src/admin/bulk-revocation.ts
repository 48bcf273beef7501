import { type AuditActor, auditPerson, type RequestOrigin, recordAuditEvent } from '../audit/events.js';
import { directReads } from '../database/direct-reads.js';
import { db } from '../db.js';
import { batchesOf, revokeTokensInBatches, type TokenBatches } from '../tokens/revocation.js';
import { statusClause } from '../tokens/status.js';
import { type InventoryFilter, inventoryCondition } from './inventory-filter.js';

/** The tokens a bulk revocation ends: these (database ids), or every one the inventory filter selects. */
export type BulkSelection = { tokenIds: readonly string[] } | { filter: InventoryFilter };

export interface BulkRevoker {
  actor: AuditActor;
  administrator: { userId: string };
  origin: RequestOrigin;
  at: Date;
}

/** The filter's tokens still usable or pending at `at`, a batch at a time in id order. */
async function filteredBatches(filter: InventoryFilter, at: Date): Promise<TokenBatches> {
  const condition = await inventoryCondition(filter, at, directReads);
  const active = statusClause('ACTIVE', directReads.dateParameter(at));
  const sql =
    `SELECT "id" FROM "PersonalAccessToken" WHERE (${condition.sql}) ` +
    `AND ("pendingApprovalSince" IS NOT NULL OR (${active.sql})) AND "id" > ? ORDER BY "id" LIMIT ?`;
  return async (afterId, limit) => {
    const rows = await directReads.rows(sql, [...condition.parameters, ...active.parameters, afterId ?? '', limit]);
    return rows.map(([id]) => String(id));
  };
}

/**
 * Revokes the selected tokens of every account with reason ADMIN and the administrator's message, in batches
 * (tokens/revocation.ts `revokeTokensInBatches`): their owners cannot restore them, each hears once, and the
 * administrator's log gets one `TOKENS_REVOKED_IN_BULK`. Only usable and pending tokens count.
 */
export async function revokeTokensAsAdministrator(
  selection: BulkSelection,
  message: string,
  by: BulkRevoker,
): Promise<{ revokedCount: number }> {
  const administrator = await auditPerson(db, by.administrator.userId);
  const batches =
    'filter' in selection ? await filteredBatches(selection.filter, by.at) : batchesOf(selection.tokenIds);
  return revokeTokensInBatches(
    batches,
    { reason: 'ADMIN', actor: by.actor, origin: by.origin, at: by.at, message, administrator },
    async (tx, revokedCount) => {
      if (revokedCount === 0) return;
      await recordAuditEvent(tx, {
        userId: administrator.userId,
        action: 'TOKENS_REVOKED_IN_BULK',
        actor: by.actor,
        administration: { administrator, subject: null },
        count: revokedCount,
        message,
        origin: by.origin,
        at: by.at,
      });
    },
  );
}
