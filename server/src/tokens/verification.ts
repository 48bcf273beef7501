import { config } from '../config.js';
import { db } from '../db.js';
import { isWellFormedToken, tokenDigest } from './format.js';
import { parseScopes, type Scope } from './scopes.js';
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

const LAST_USED_WRITE_INTERVAL_MS = 60_000;

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
    await this.#recordUse(cached, now, clientIp);
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
    return cached && cached.token.expiresAt.getTime() > now.getTime() ? cached : null;
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
    if (!row || row.revokedAt) return null;
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

  /** Writes last-use at most once a minute per token; the condition in the write also holds across replicas. */
  async #recordUse(cached: CachedToken, now: Date, clientIp: string | null): Promise<void> {
    const due = new Date(now.getTime() - LAST_USED_WRITE_INTERVAL_MS);
    if (cached.lastUsedAt && cached.lastUsedAt > due) return;
    cached.lastUsedAt = now;
    await db.personalAccessToken
      .updateMany({
        where: { id: cached.token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: due } }] },
        data: { lastUsedAt: now, lastUsedIp: clientIp },
      })
      .catch((error: unknown) => {
        console.error('Could not record token use', error instanceof Error ? error.message : error);
      });
  }
}

export const tokenVerifier = new TokenVerifier({ ttlMs: config.tokenCacheTtlSeconds * 1000, maxEntries: 10_000 });
