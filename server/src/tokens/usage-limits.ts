import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  type RateLimiterRes,
  RateLimiterSQLite,
  type RateLimiterStoreAbstract,
} from 'rate-limiter-flexible';
import { config } from '../config.js';
import { databaseEngine } from '../database/engine.js';
import { sqliteFileFromUrl } from '../database/sqlite-file.js';
import { logEvent } from '../logging/logger.js';
import type { CountedQuota, QuotaRefill, RateLimit, TokenControls } from './controls.js';

// Counting is rate-limiter-flexible's (atomic increments in memory, SQLite, PostgreSQL or Redis); what is ours is
// which counter a use goes to. Counters are keyed by token, limit and period, with periods taken from the injected
// clock: a new period is a new key, so nothing needs resetting, and tests can move time.

const DAY_MS = 86_400_000;
/** rate-limiter-flexible's table, created by our migrations (0008_token_controls). */
const COUNTER_TABLE = 'TokenUsageCounter';

/** What refused a use: the token is good, but not now. */
export class UsageLimited {
  constructor(
    readonly limit: 'rate' | 'quota',
    /** Until the window or the quota's period ends; for a quota that never refills, until the token expires. */
    readonly retryAfterSeconds: number,
    /** False for a used-up quota that never refills: retrying later cannot help. */
    readonly refills = true,
  ) {}
}

/** Where a quota's counting period started and when it ends; the whole life of the token when it never refills. */
export function quotaPeriod(refill: QuotaRefill | null, now: Date): { key: string; endsAt: Date | null } {
  if (refill === null) return { key: 'all', endsAt: null };
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const day = now.getUTCDate();
  let start: number;
  let end: number;
  if (refill === 'DAY') {
    start = Date.UTC(year, month, day);
    end = start + DAY_MS;
  } else if (refill === 'WEEK') {
    // Weeks start on Monday (ISO 8601).
    start = Date.UTC(year, month, day - ((now.getUTCDay() + 6) % 7));
    end = start + 7 * DAY_MS;
  } else {
    start = Date.UTC(year, month, 1);
    end = Date.UTC(year, month + 1, 1);
  }
  return { key: new Date(start).toISOString().slice(0, 10), endsAt: new Date(end) };
}

function secondsUntil(instant: Date, now: Date): number {
  return Math.max(1, Math.ceil((instant.getTime() - now.getTime()) / 1000));
}

function rateKey(tokenId: string, { windowSeconds }: RateLimit, now: Date) {
  const windowMs = windowSeconds * 1000;
  const index = Math.floor(now.getTime() / windowMs);
  return { key: `rate:${tokenId}:${windowSeconds}:${index}`, endsAt: new Date((index + 1) * windowMs) };
}

// A quota set anew (or given another refill) counts under a key of its own: from zero.
function quotaKey(tokenId: string, quota: CountedQuota, now: Date) {
  const period = quotaPeriod(quota.refill, now);
  return { key: `quota:${tokenId}:${quota.since.getTime()}:${period.key}`, endsAt: period.endsAt };
}

// Consumption is compared with each token's own limit here, so one limiter serves every limit.
const UNBOUNDED = { points: Number.MAX_SAFE_INTEGER, duration: 0, keyPrefix: '' };

interface Stores {
  rate: RateLimiterMemory | RateLimiterStoreAbstract;
  quota: RateLimiterMemory | RateLimiterStoreAbstract;
  close(): Promise<void>;
}

/**
 * A single SQLite process counts rate limits in memory (a restart forgets at most one window) and quotas in its
 * database file, so a restart grants no uses. Replicas on PostgreSQL count both where every replica sees them:
 * Redis when REDIS_URL is set, else PostgreSQL.
 */
function openStores(databaseUrl: string, redisUrl: string | null): Stores {
  if (databaseEngine(databaseUrl) === 'sqlite') {
    const connection = new Database(sqliteFileFromUrl(databaseUrl), { timeout: 5000 });
    // A crash of the process loses nothing; only a crash of the machine could lose the last commits.
    connection.pragma('synchronous = NORMAL');
    return {
      rate: new RateLimiterMemory(UNBOUNDED),
      quota: new RateLimiterSQLite({
        ...UNBOUNDED,
        storeClient: connection,
        storeType: 'better-sqlite3',
        tableName: COUNTER_TABLE,
        tableCreated: true,
        clearExpiredByTimeout: true,
      }),
      close: async () => {
        connection.close();
      },
    };
  }
  if (redisUrl) {
    const client = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    // ioredis reconnects by itself; uses counted meanwhile fail (and are refused) rather than crash the process.
    client.on('error', (error: Error) =>
      logEvent('usage_counter_store_error', { store: 'redis', error: error.message }, 'warn'),
    );
    const store = new RateLimiterRedis({ ...UNBOUNDED, storeClient: client, keyPrefix: 'latchkey' });
    return {
      rate: store,
      quota: store,
      close: async () => {
        await client.quit().catch(() => client.disconnect());
      },
    };
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  // An idle connection the server ended (a restart, a failover) is replaced on the next use.
  pool.on('error', (error) =>
    logEvent('usage_counter_store_error', { store: 'postgresql', error: error.message }, 'warn'),
  );
  const store = new RateLimiterPostgres({
    ...UNBOUNDED,
    storeClient: pool,
    tableName: COUNTER_TABLE,
    tableCreated: true,
    clearExpiredByTimeout: true,
  });
  return { rate: store, quota: store, close: () => pool.end() };
}

/** Counts uses of tokens with a rate limit or a quota, and says when one is over. */
export class UsageLimits {
  #stores: Stores | undefined;

  constructor(
    private readonly databaseUrl: string = config.databaseUrl,
    private readonly redisUrl: string | null = config.redisUrl,
  ) {}

  // Opened on first use: a server whose tokens have no limits opens no connection for them.
  get #open(): Stores {
    this.#stores ??= openStores(this.databaseUrl, this.redisUrl);
    return this.#stores;
  }

  /**
   * Counts one use at `now` against the token's rate limit, then (only if that allows it) its quota: a use the
   * rate limit refused costs no quota. Null when the use is allowed. Exact for quotas on every store: each use
   * is one atomic increment, and a use is allowed only when its increment lands within the quota.
   */
  async consume(tokenId: string, controls: TokenControls, now: Date, expiresAt: Date): Promise<UsageLimited | null> {
    const { rateLimit, quota } = controls;
    if (rateLimit) {
      const { key, endsAt } = rateKey(tokenId, rateLimit, now);
      const used = await this.#open.rate.consume(key, 1, { customDuration: rateLimit.windowSeconds });
      if (used.consumedPoints > rateLimit.requests) return new UsageLimited('rate', secondsUntil(endsAt, now));
    }
    if (quota) {
      const { key, endsAt } = quotaKey(tokenId, quota, now);
      const duration = endsAt ? secondsUntil(endsAt, now) + 86_400 : 0;
      const used = await this.#open.quota.consume(key, 1, { customDuration: duration });
      if (used.consumedPoints > quota.uses) {
        // A refused use is no use: taken back, so a quota raised later has exactly what was not used.
        await this.#open.quota.reward(key, 1, { customDuration: duration });
        return new UsageLimited('quota', secondsUntil(endsAt ?? expiresAt, now), endsAt !== null);
      }
    }
    return null;
  }

  /** The uses left in the quota's current period, and when it next starts again (null: never). */
  async remaining(
    tokenId: string,
    quota: CountedQuota,
    now: Date,
  ): Promise<{ remaining: number; refillsAt: Date | null }> {
    const { key, endsAt } = quotaKey(tokenId, quota, now);
    const used: RateLimiterRes | null = await this.#open.quota.get(key);
    return { remaining: Math.max(0, quota.uses - (used?.consumedPoints ?? 0)), refillsAt: endsAt };
  }

  /**
   * Drops the counter of a quota that never refills (the only kind that never expires by itself), once its token
   * is deleted or the quota replaced, so nothing is left behind.
   */
  async forget(tokenId: string, quota: CountedQuota | null): Promise<void> {
    if (this.#stores && quota?.refill === null)
      await this.#stores.quota.delete(quotaKey(tokenId, quota, new Date()).key);
  }

  async close(): Promise<void> {
    const stores = this.#stores;
    this.#stores = undefined;
    await stores?.close();
  }
}

export const usageLimits = new UsageLimits();
