import { recordAuditEvent } from '../audit/events.js';
import { db } from '../db.js';
import { logEvent } from '../logging/logger.js';
import { notify } from '../notifications/events.js';

const FLUSH_DELAY_MS = 2_000;
/** Distinct token and address pairs audited per flush; past it, refusals are only counted on their tokens. */
const MAX_AUDITED_PER_FLUSH = 100;

interface Refusals {
  tokenId: string;
  userId: string;
  address: string | null;
  count: number;
  firstAt: Date;
}

/**
 * Requests refused because they came from outside their token's address allowlist. Like last use, written off
 * the request path a moment later: one `TOKEN_REFUSED_ADDRESS` audit event per token and address per flush
 * (with how many requests it stands for) with its `token.refused_address` notification, and the token's refusal counter moved by all of them. A flood from many
 * addresses writes a bounded number of events; the counter still counts every refusal.
 */
export class RefusedAddressRecorder {
  readonly #pending = new Map<string, Refusals>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  record(token: { id: string; userId: string }, address: string | null, at: Date): void {
    const key = `${token.id} ${address}`;
    const pending = this.#pending.get(key);
    if (pending) pending.count++;
    else this.#pending.set(key, { tokenId: token.id, userId: token.userId, address, count: 1, firstAt: at });
    this.#timer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS).unref();
  }

  /** Writes everything recorded so far (also called at shutdown, and by tests that read it back). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = [...this.#pending.values()];
    this.#pending.clear();
    this.#flushing = this.#flushing.then(() => (batch.length > 0 ? write(batch) : undefined));
    return this.#flushing;
  }
}

async function write(batch: Refusals[]): Promise<void> {
  const countsByToken = new Map<string, number>();
  for (const { tokenId, count } of batch) countsByToken.set(tokenId, (countsByToken.get(tokenId) ?? 0) + count);
  try {
    await db.$transaction(async (tx) => {
      const names = new Map<string, string>();
      for (const [id, count] of countsByToken) {
        // A token deleted in the meantime has nobody left to tell.
        const token = await tx.personalAccessToken.findUnique({ where: { id }, select: { name: true } });
        if (!token) continue;
        names.set(id, token.name);
        await tx.personalAccessToken.update({ where: { id }, data: { refusedAddressCount: { increment: count } } });
      }
      for (const refusals of batch.slice(0, MAX_AUDITED_PER_FLUSH)) {
        const name = names.get(refusals.tokenId);
        if (name === undefined) continue;
        await recordAuditEvent(tx, {
          userId: refusals.userId,
          action: 'TOKEN_REFUSED_ADDRESS',
          actor: { type: 'TOKEN', id: refusals.tokenId },
          token: { id: refusals.tokenId, name },
          refusedCount: refusals.count,
          origin: { ip: refusals.address, userAgent: null },
          at: refusals.firstAt,
        });
        await notify(tx, {
          userId: refusals.userId,
          type: 'token.refused_address',
          data: { tokenId: refusals.tokenId, tokenName: name, address: refusals.address, count: refusals.count },
          at: refusals.firstAt,
        });
      }
    });
  } catch (error) {
    logEvent(
      'refused_address_write_failed',
      { tokens: countsByToken.size, error: error instanceof Error ? error.message : 'unknown' },
      'error',
    );
  }
}

export const refusedAddressRecorder = new RefusedAddressRecorder();
