import type { LRUCache } from 'lru-cache';
import { activityRecorder } from '../activity/recorder.js';
import { tokensByDigest } from '../caches.js';
import { config } from '../config.js';
import { tokenCacheLookups, tokenVerifications } from '../metrics/counts.js';
import { BUILT_IN_SERVICE_ID } from '../permissions/catalogue-file.js';
import { operatorCatalogue } from '../permissions/operator-catalogue.js';
import { controlsOf } from './controls.js';
import { isWellFormedToken, tokenDigest } from './format.js';
import { LAST_USE_RESOLUTION_MS, lastUseRecorder } from './last-use.js';
import { grantsFor, parsePermissions } from './permissions.js';
import { refusedAddressRecorder } from './refused-addresses.js';
import { hasExpired } from './status.js';
import { createTokenLookup, type FindTokenByDigest } from './token-lookup.js';
import { type UsageLimited, usageLimits } from './usage-limits.js';
import type { VerifiedToken } from './verified-token.js';

interface CachedToken {
  token: VerifiedToken;
  lastUsedAt: Date | null;
}

export const findTokenByDigest: FindTokenByDigest = createTokenLookup();

export interface TokenVerifierOptions {
  /** Outer bound on how long a verified token is trusted without asking the database again. */
  ttlMs: number;
  maxEntries: number;
  findByDigest?: FindTokenByDigest;
}

/** What the refusal cache holds for a digest: the refused token's id, or '' when no token has that digest. */
type RefusedToken = string;

/** Hears what the verifier stops trusting, to pass it on (the services' revocation stream). */
export interface VerifierSubscriber {
  /** Whatever was cached about the token (by its database id) is dropped: it was revoked, restored, deleted… */
  forgotten(tokenId: string): void;
  /** The same for many tokens at once (a bulk revocation); without it, `forgotten` hears of each in turn. */
  forgottenMany?(tokenIds: readonly string[]): void;
  /** Caching stopped: changes may be going unheard until it starts again. */
  stoppedCaching(): void;
}

/**
 * Verifies bearer tokens with as little work as possible per request: a checksum check before
 * anything else, then a cache of verified tokens and one of refused ones (revoked or unknown), keyed by
 * digest. Every revoke, restore, rotation and delete calls `forget`, so a change takes effect on the very next
 * request. While caching is stopped (a replica that may be missing other replicas' messages), every
 * request asks the database.
 */
export class TokenVerifier {
  readonly #cache: LRUCache<string, CachedToken>;
  readonly #refused: LRUCache<string, RefusedToken>;
  // A load that began before a `forget` must not put what it read back into either cache.
  #forgetCount = 0;
  #caching = true;
  readonly #subscribers = new Set<VerifierSubscriber>();

  constructor(private readonly options: TokenVerifierOptions) {
    this.#cache = tokensByDigest({ max: options.maxEntries, ttlMs: options.ttlMs });
    this.#refused = tokensByDigest({ max: options.maxEntries, ttlMs: options.ttlMs });
  }

  /**
   * The token, if it is usable at `now` from `clientIp` (and, when `accepts` is given, it accepts it), or what
   * its rate limit or quota says when they refuse this use; its use at `service` is counted and recorded only
   * when it is allowed. A request from outside the token's address allowlist is refused like a bad token.
   */
  async verify(
    secret: string,
    now: Date,
    clientIp: string | null,
    service: string = BUILT_IN_SERVICE_ID,
    accepts?: (token: VerifiedToken) => boolean,
  ): Promise<VerifiedToken | UsageLimited | null> {
    const cached = await this.#find(secret, now);
    if (!cached) return null;
    const { token } = cached;
    if (token.controls?.allowlist && !token.controls.allowlist.allows(clientIp)) {
      tokenVerifications.refused_address++;
      refusedAddressRecorder.record(token, clientIp, now);
      return null;
    }
    if (accepts && !accepts(token)) {
      tokenVerifications.not_accepted++;
      return null;
    }
    if (token.controls && (token.controls.rateLimit || token.controls.quota)) {
      const limited = await usageLimits.consume(token.id, token.controls, now, token.expiresAt);
      if (limited) {
        tokenVerifications.usage_limited++;
        return limited;
      }
    }
    tokenVerifications.valid++;
    this.#recordUse(cached, now, clientIp, service);
    // Latchkey's own API counts its uses once it knows the operation (http/token-activity.ts).
    if (service !== BUILT_IN_SERVICE_ID) activityRecorder.count(token, now, service, '', clientIp);
    return token;
  }

  /** Like `verify`, but records no use. */
  async peek(secret: string, now: Date): Promise<VerifiedToken | null> {
    const cached = await this.#find(secret, now);
    if (cached) tokenVerifications.valid++;
    return cached?.token ?? null;
  }

  /** The usable token for `secret`, else null; every refusal is counted here, by its reason. */
  async #find(secret: string, now: Date): Promise<CachedToken | null> {
    if (!isWellFormedToken(secret)) {
      tokenVerifications.invalid++;
      return null;
    }
    const digest = tokenDigest(secret);
    // The two caches never both hold a digest (`forget` empties both), so the usual case, a verified token,
    // costs one lookup.
    let cached = this.#cached(digest);
    if (cached) tokenCacheLookups.hit++;
    else {
      const refused = this.#caching ? this.#refused.peek(digest) : undefined;
      if (refused !== undefined) {
        tokenCacheLookups.refused_hit++;
        if (refused === '') tokenVerifications.invalid++;
        else tokenVerifications.revoked++;
        return null;
      }
      tokenCacheLookups.miss++;
      cached = (await this.#load(digest, now)) ?? undefined;
      if (!cached) return null;
    }
    if (hasExpired(cached.token.expiresAt, now)) {
      tokenVerifications.expired++;
      return null;
    }
    return cached;
  }

  forget(tokenId: string): void {
    this.forgetMany([tokenId]);
  }

  /** Drops whatever is cached about any of `tokenIds` in one pass over the caches, however many there are. */
  forgetMany(tokenIds: readonly string[]): void {
    if (tokenIds.length === 0) return;
    this.#forgetCount++;
    const forgotten = new Set(tokenIds);
    // Collected first: a revocation must never leave an entry behind to an iterator's rules about deletion.
    const stale = [
      ...[...this.#cache.entries()].filter(([, cached]) => forgotten.has(cached.token.id)),
      ...[...this.#refused.entries()].filter(([, refused]) => forgotten.has(refused)),
    ];
    for (const [digest] of stale) {
      this.#cache.delete(digest);
      this.#refused.delete(digest);
    }
    for (const subscriber of this.#subscribers) {
      if (subscriber.forgottenMany) subscriber.forgottenMany(tokenIds);
      else for (const tokenId of tokenIds) subscriber.forgotten(tokenId);
    }
  }

  clear(): void {
    this.#forgetCount++;
    this.#cache.clear();
    this.#refused.clear();
  }

  /** From now on, every verification asks the database and nothing is kept. */
  stopCaching(): void {
    this.#caching = false;
    this.clear();
    for (const subscriber of this.#subscribers) subscriber.stoppedCaching();
  }

  /** Starts caching again from empty, as nothing kept from before can be trusted. */
  startCaching(): void {
    this.clear();
    this.#caching = true;
  }

  /** False while caching is stopped: the verifier may be missing changes made elsewhere. */
  get caching(): boolean {
    return this.#caching;
  }

  /** Tells `subscriber` of every `forget` and `stopCaching` from now on, until the returned function is called. */
  subscribe(subscriber: VerifierSubscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => {
      this.#subscribers.delete(subscriber);
    };
  }

  #cached(digest: string): CachedToken | undefined {
    if (!this.#caching) return undefined;
    return this.#cache.get(digest);
  }

  async #load(digest: string, now: Date): Promise<CachedToken | null> {
    const forgetCountAtStart = this.#forgetCount;
    const row = await (this.options.findByDigest ?? findTokenByDigest)(digest, now);
    const mayCache = this.#caching && forgetCountAtStart === this.#forgetCount;
    // Expiry is judged per request (`#find`), at that request's time, so expired tokens are cached as valid.
    // A revoked token, one waiting for approval and one whose owner is locked out are refused alike; approving,
    // unlocking and restoring forget the token, so the refusal is not remembered past them.
    if (!row || row.revokedAt !== null || row.pendingApprovalSince !== null || row.ownerLocked) {
      if (row) tokenVerifications.revoked++;
      else tokenVerifications.invalid++;
      if (mayCache && this.options.ttlMs > 0) this.#refused.set(digest, row?.id ?? '');
      return null;
    }
    const permissions = parsePermissions(row.permissions);
    const cached: CachedToken = {
      token: {
        id: row.id,
        userId: row.userId,
        permissions,
        // Worked out once per load: the catalogue changes only with a restart, a role change evicts the token.
        grants: grantsFor(operatorCatalogue().granted(permissions), row.ownerIsAdministrator),
        expiresAt: row.expiresAt,
        createdAt: row.createdAt,
        ownerEmail: row.ownerEmail,
        ownerIsAdministrator: row.ownerIsAdministrator,
        controls: controlsOf(row),
      },
      lastUsedAt: row.lastUsedAt,
    };
    if (mayCache && this.options.ttlMs > 0) this.#cache.set(digest, cached);
    return cached;
  }

  #recordUse(cached: CachedToken, now: Date, clientIp: string | null, service: string): void {
    if (cached.lastUsedAt && cached.lastUsedAt.getTime() > now.getTime() - LAST_USE_RESOLUTION_MS) return;
    cached.lastUsedAt = now;
    lastUseRecorder.record(cached.token.id, { at: now, ip: clientIp, service });
  }
}

export const tokenVerifier = new TokenVerifier({ ttlMs: config.tokenCacheTtlSeconds * 1000, maxEntries: 10_000 });
