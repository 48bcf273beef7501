import { LRUCache } from 'lru-cache';
import type { LatchkeyPrincipal, VerifyResult } from './principal.js';

type Accepted = Extract<VerifyResult, { ok: true }>;

interface Entry {
  accepted: Accepted;
  expiresAtMs: number;
}

export interface VerifiedTokensOptions {
  maxEntries: number;
  /** How long entries cached before a disconnection may still be served after it. */
  disconnectedGraceMs: number;
  now: () => number;
}

/**
 * Positive verifications, keyed by a digest of the secret, trusted only while the revocation stream can
 * evict them: nothing is kept before the stream is ready or while it is down, and what was kept before a
 * disconnection is served for at most the grace period after it. Every eviction moves the generation on,
 * so a verification that started before one never stores what it learnt.
 */
export class VerifiedTokens {
  readonly #options: VerifiedTokensOptions;
  readonly #entries: LRUCache<string, Entry>;
  // A token has one secret, but the index does not rely on it.
  readonly #digestsByTokenId = new Map<string, Set<string>>();
  #generation = 0;
  #caching = false;
  #disconnectedAt: number | null = null;

  constructor(options: VerifiedTokensOptions) {
    this.#options = options;
    this.#entries = new LRUCache<string, Entry>({
      max: options.maxEntries,
      dispose: (entry, digest) => {
        const tokenId = entry.accepted.principal.tokenId;
        const digests = this.#digestsByTokenId.get(tokenId);
        digests?.delete(digest);
        if (digests?.size === 0) this.#digestsByTokenId.delete(tokenId);
      },
    });
  }

  /** Moves on with every eviction; a store must present the generation its verification started in. */
  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  lookup(digest: string): Accepted | undefined {
    const entry = this.#entries.get(digest);
    if (entry === undefined) return undefined;
    const now = this.#options.now();
    if (this.#disconnectedAt !== null && now - this.#disconnectedAt >= this.#options.disconnectedGraceMs) {
      this.endGrace();
      return undefined;
    }
    if (now >= entry.expiresAtMs) {
      this.#entries.delete(digest);
      return undefined;
    }
    return entry.accepted;
  }

  /** Keeps a verification that started in `generation`, if nothing was evicted since and caching is on. */
  store(digest: string, principal: LatchkeyPrincipal, generation: number): void {
    const expiresAtMs = principal.expiresAt.getTime();
    if (!this.#caching || generation !== this.#generation || expiresAtMs <= this.#options.now()) return;
    this.#entries.set(digest, { accepted: Object.freeze({ ok: true, principal }), expiresAtMs });
    const digests = this.#digestsByTokenId.get(principal.tokenId);
    if (digests) digests.add(digest);
    else this.#digestsByTokenId.set(principal.tokenId, new Set([digest]));
  }

  /** The stream is subscribed: nothing kept from before can be trusted, everything from now on can. */
  ready(): void {
    this.#clear();
    this.#caching = true;
    this.#disconnectedAt = null;
  }

  /** The stream is down: keep serving what is cached for the grace period from the first loss, store nothing. */
  disconnected(): void {
    this.#generation++;
    this.#caching = false;
    this.#disconnectedAt ??= this.#options.now();
  }

  /** The grace period is over: forget everything until the stream is ready again. */
  endGrace(): void {
    if (this.#caching) return;
    this.#clear();
  }

  forget(tokenId: string): void {
    this.#generation++;
    // Copied first: each delete takes the digest out of the set being read.
    for (const digest of [...(this.#digestsByTokenId.get(tokenId) ?? [])]) this.#entries.delete(digest);
  }

  forgetAll(): void {
    this.#clear();
  }

  #clear(): void {
    this.#generation++;
    this.#entries.clear();
  }
}
