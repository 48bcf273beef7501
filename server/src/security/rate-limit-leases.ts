import { LRUCache } from 'lru-cache';
import { countRateLimitAttempts, type RateLimitDecision, type RateLimitRule, windowOf } from './rate-limits.js';

/** The most attempts one reservation takes from the shared counter. */
const MAX_LEASE = 64;

interface Lease {
  window: number;
  /** Attempts this process reserved in the shared counter, within the limit, and has not used yet. */
  unused: number;
  /** How many the next reservation takes: it doubles while the subject keeps failing. */
  nextSize: number;
  /** The shared counter reached the limit in this window: refuse without writing it again. */
  full: boolean;
  reserving: Promise<void> | undefined;
}

/**
 * A rate limit counted in the shared database in batches: each process reserves attempts ahead (1, then 2,
 * 4, … up to an eighth of the limit) with one write, and spends them from memory. Every allowed attempt owns
 * a numbered place at or below the limit in the shared counter, so all replicas together never allow more
 * than the limit; places one replica reserved and did not use can only make it stricter. Once the counter
 * is full, the subject is refused from memory until its window ends.
 */
export class LeasedRateLimiter {
  readonly #leases = new LRUCache<string, Lease>({ max: 50_000 });

  async consume(rule: RateLimitRule, subject: string, now: Date): Promise<RateLimitDecision> {
    const { window, retryAfterSeconds } = windowOf(rule, now);
    const key = `${rule.name}:${subject}`;
    for (;;) {
      let lease = this.#leases.get(key);
      if (lease?.window !== window) {
        lease = { window, unused: 0, nextSize: 1, full: false, reserving: undefined };
        this.#leases.set(key, lease);
      }
      if (lease.unused > 0) {
        lease.unused--;
        return { allowed: true, retryAfterSeconds };
      }
      if (lease.full) return { allowed: false, retryAfterSeconds };
      // Concurrent attempts wait for one reservation instead of each writing their own.
      lease.reserving ??= this.#reserve(rule, subject, now, lease).finally(() => {
        if (lease) lease.reserving = undefined;
      });
      await lease.reserving;
    }
  }

  async #reserve(rule: RateLimitRule, subject: string, now: Date, lease: Lease): Promise<void> {
    const size = Math.min(lease.nextSize, Math.max(1, Math.floor(rule.limit / 8)), MAX_LEASE);
    const count = await countRateLimitAttempts(rule, subject, now, size);
    const firstPlace = count - size + 1;
    lease.unused += Math.max(0, Math.min(size, rule.limit - firstPlace + 1));
    lease.full = count >= rule.limit;
    lease.nextSize = size * 2;
  }
}
