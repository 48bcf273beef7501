import { db } from '../db.js';
import { logEvent } from '../logging/logger.js';

export const LAST_USE_RESOLUTION_MS = 60_000;
const FLUSH_DELAY_MS = 2_000;

interface Use {
  at: Date;
  ip: string | null;
  /** The service that verified the token: `latchkey` for Latchkey's own API. */
  service: string;
}

/**
 * Last use is written at most once a minute per token, and off the request path: uses are collected
 * and written together a moment later. The condition inside each write keeps the once-a-minute rule
 * across replicas. A crash can lose the last two seconds of last-use data, never a security decision.
 */
export class LastUseRecorder {
  readonly #pending = new Map<string, Use>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  record(tokenId: string, use: Use): void {
    this.#pending.set(tokenId, use);
    this.#timer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS).unref();
  }

  /** Writes everything recorded so far (also called at shutdown, and by tests that read it back). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = [...this.#pending];
    this.#pending.clear();
    this.#flushing = this.#flushing.then(() => (batch.length > 0 ? write(batch) : undefined));
    return this.#flushing;
  }
}

async function write(batch: [string, Use][]): Promise<void> {
  try {
    await db.$transaction(
      batch.map(([id, use]) =>
        db.personalAccessToken.updateMany({
          where: {
            id,
            OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(use.at.getTime() - LAST_USE_RESOLUTION_MS) } }],
          },
          data: { lastUsedAt: use.at, lastUsedIp: use.ip, lastUsedService: use.service },
        }),
      ),
    );
  } catch (error) {
    logEvent(
      'last_use_write_failed',
      { tokens: batch.length, error: error instanceof Error ? error.message : 'unknown' },
      'error',
    );
  }
}

export const lastUseRecorder = new LastUseRecorder();
