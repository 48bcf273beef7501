import { db } from '../../../src/db.js';

export const tokenAuditActions = [
  'TOKEN_GENERATED',
  'TOKEN_REVOKED',
  'TOKEN_RESTORED',
  'TOKEN_DELETED',
  'TOKEN_UPDATED',
  'TOKEN_ROTATED',
] as const;
export type TokenAuditAction = (typeof tokenAuditActions)[number];

/** Every token row of one account, as stored, in id order. */
export function tokenRows(userId: string) {
  return db.personalAccessToken.findMany({ where: { userId }, orderBy: { id: 'asc' } });
}

export type TokenRow = Awaited<ReturnType<typeof tokenRows>>[number];

/** Every audit event of one account (token events and the others), as stored, in creation order. */
export function auditRows(userId: string) {
  return db.auditEvent.findMany({ where: { userId }, orderBy: { id: 'asc' } });
}

export type AuditRow = Awaited<ReturnType<typeof auditRows>>[number];

/**
 * An account's stored tokens and audit log, for comparing before and after something that must change neither.
 * Last use is left out: it is written off the request path, a moment after the request that used the token.
 */
export async function accountSnapshot(userId: string) {
  const [tokens, audit] = await Promise.all([tokenRows(userId), auditRows(userId)]);
  return {
    tokens: tokens.map(({ lastUsedAt: _at, lastUsedIp: _ip, lastUsedService: _service, ...token }) => token),
    audit,
  };
}

export interface ReplayedToken {
  exists: boolean;
  revoked: boolean;
}

/**
 * What the audit log says each token is now: generated tokens exist, revocations and restorations toggle,
 * deletions remove, and edits and rotations (of an existing token; a rotated one was active) change neither. An event that makes no sense where it stands (a revoke of a revoked token, anything
 * after a deletion) is reported, since every event must record a real change.
 */
export function replayTokenAudit(events: readonly { action: string; tokenId: string | null }[]) {
  const tokens = new Map<string, ReplayedToken>();
  const impossible: string[] = [];
  for (const [index, event] of events.entries()) {
    if (!(tokenAuditActions as readonly string[]).includes(event.action)) continue;
    const tokenId = event.tokenId ?? '';
    const current = tokens.get(tokenId);
    const legal =
      event.action === 'TOKEN_GENERATED'
        ? current === undefined
        : event.action === 'TOKEN_REVOKED'
          ? current?.exists === true && !current.revoked
          : event.action === 'TOKEN_RESTORED'
            ? current?.exists === true && current.revoked
            : event.action === 'TOKEN_ROTATED'
              ? current?.exists === true && !current.revoked
              : current?.exists === true;
    if (!legal) impossible.push(`#${index} ${event.action} on ${tokenId} (${JSON.stringify(current ?? null)})`);
    if (event.action === 'TOKEN_GENERATED') tokens.set(tokenId, { exists: true, revoked: false });
    if (event.action === 'TOKEN_REVOKED') tokens.set(tokenId, { exists: true, revoked: true });
    if (event.action === 'TOKEN_RESTORED') tokens.set(tokenId, { exists: true, revoked: false });
    if (event.action === 'TOKEN_DELETED') tokens.set(tokenId, { exists: false, revoked: current?.revoked ?? false });
  }
  return { tokens, impossible };
}

/** The same shape as the replay, read from the token rows: every token ever generated, existing or not. */
export function storedTokenStates(
  rows: readonly { id: string; revokedAt: Date | null }[],
  everGenerated: Iterable<string>,
) {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const states = new Map<string, ReplayedToken>();
  for (const id of new Set([...everGenerated, ...byId.keys()])) {
    const row = byId.get(id);
    states.set(id, { exists: row !== undefined, revoked: row ? row.revokedAt !== null : false });
  }
  return states;
}

/** Compares replay and rows on existence and revocation; a deleted token's last revocation does not matter. */
export function replayDisagreements(replayed: Map<string, ReplayedToken>, stored: Map<string, ReplayedToken>) {
  const disagreements: string[] = [];
  for (const id of new Set([...replayed.keys(), ...stored.keys()])) {
    const fromLog = replayed.get(id);
    const fromRows = stored.get(id);
    const same =
      fromLog !== undefined &&
      fromRows !== undefined &&
      fromLog.exists === fromRows.exists &&
      (!fromLog.exists || fromLog.revoked === fromRows.revoked);
    if (!same)
      disagreements.push(`${id}: audit log says ${JSON.stringify(fromLog)}, rows say ${JSON.stringify(fromRows)}`);
  }
  return disagreements;
}
