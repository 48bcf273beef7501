import { config } from '../config.js';
import { isWellFormedToken, tokenDigest } from './format.js';
import { LAST_USE_RESOLUTION_MS, lastUseRecorder } from './last-use.js';
import { parseScopes, type Scope } from './scopes.js';
import { hasExpired } from './status.js';
import { createTokenLookup, type FindTokenByDigest } from './token-lookup.js';

export interface VerifiedToken {
  id: string;
  userId: string;
  scopes: Scope[];
  expiresAt: Date;
}

interface CachedToken {
  token: VerifiedToken;
  loadedAt: number;
  lastUsedAt: Date | null;
}

export const findTokenByDigest: FindTokenByDigest = createTokenLookup();

export interface TokenVerifierOptions {
  /** Outer bound on how long a verified token is trusted without asking the database again. */
  ttlMs: number;
  maxEntries: number;
  findByDigest?: FindTokenByDigest;
}

/**
 * Verifies bearer tokens with as little work as possible per request: a checksum check before
 * anything else, then a cache of verified tokens keyed by digest. Every revoke and delete calls
 * `forget`, so revocation takes effect on the very next request.
 */
export class TokenVerifier {
  readonly #cache = new Map<string, CachedToken>();
  // A load that began before a `forget` must not put what it read back into the cache.
  #forgetCount = 0;

  constructor(private readonly options: TokenVerifierOptions) {}

  async verify(secret: string, now: Date, clientIp: string | null): Promise<VerifiedToken | null> {
    const cached = await this.#find(secret, now);
    if (!cached) return null;
    this.#recordUse(cached, now, clientIp);
    return cached.token;
  }

  /** Like `verify`, but records no use. */
  async peek(secret: string, now: Date): Promise<VerifiedToken | null> {
    return (await this.#find(secret, now))?.token ?? null;
  }

  async #find(secret: string, now: Date): Promise<CachedToken | null> {
    if (!isWellFormedToken(secret)) return null;
    const digest = tokenDigest(secret);
    const cached = this.#cached(digest) ?? (await this.#load(digest));
    return cached && !hasExpired(cached.token.expiresAt, now) ? cached : null;
  }

  forget(tokenId: string): void {
    this.#forgetCount++;
    for (const [digest, cached] of this.#cache) {
      if (cached.token.id === tokenId) this.#cache.delete(digest);
    }
  }

  clear(): void {
    this.#forgetCount++;
    this.#cache.clear();
  }

  #cached(digest: string): CachedToken | undefined {
    const cached = this.#cache.get(digest);
    if (cached && performance.now() - cached.loadedAt < this.options.ttlMs) return cached;
    if (cached) this.#cache.delete(digest);
    return undefined;
  }

  async #load(digest: string): Promise<CachedToken | null> {
    const forgetCountAtStart = this.#forgetCount;
    const row = await (this.options.findByDigest ?? findTokenByDigest)(digest);
    // Revoked tokens are never cached; expiry is judged per request (`#find`), at that request's time.
    if (!row || row.revokedAt !== null) return null;
    const cached: CachedToken = {
      token: { id: row.id, userId: row.userId, scopes: parseScopes(row.scopes), expiresAt: row.expiresAt },
      loadedAt: performance.now(),
      lastUsedAt: row.lastUsedAt,
    };
    if (forgetCountAtStart === this.#forgetCount) {
      if (this.#cache.size >= this.options.maxEntries) {
        this.#cache.delete(this.#cache.keys().next().value as string);
      }
      this.#cache.set(digest, cached);
    }
    return cached;
  }

  #recordUse(cached: CachedToken, now: Date, clientIp: string | null): void {
    if (cached.lastUsedAt && cached.lastUsedAt.getTime() > now.getTime() - LAST_USE_RESOLUTION_MS) return;
    cached.lastUsedAt = now;
    lastUseRecorder.record(cached.token.id, { at: now, ip: clientIp });
  }
}

export const tokenVerifier = new TokenVerifier({ ttlMs: config.tokenCacheTtlSeconds * 1000, maxEntries: 10_000 });
