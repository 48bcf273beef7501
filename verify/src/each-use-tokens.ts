import { LRUCache } from 'lru-cache';

/**
 * The digests of secrets whose tokens Latchkey said to verify on every use (`latchkey_verify_each_use`: an
 * address allowlist, a rate limit or a quota), so that their verifications go straight to Latchkey instead of
 * joining another's request. Only a shortcut: a digest it does not know (never seen, evicted, forgotten) costs a
 * joined request that is then made again, never a use that goes uncounted.
 */
export class EachUseTokens {
  readonly #tokenIds: LRUCache<string, string>;
  readonly #digestsByTokenId = new Map<string, Set<string>>();

  constructor(maxEntries: number) {
    this.#tokenIds = new LRUCache<string, string>({
      max: maxEntries,
      dispose: (tokenId, digest) => {
        const digests = this.#digestsByTokenId.get(tokenId);
        digests?.delete(digest);
        if (digests?.size === 0) this.#digestsByTokenId.delete(tokenId);
      },
    });
  }

  get size(): number {
    return this.#tokenIds.size;
  }

  has(digest: string): boolean {
    return this.#tokenIds.has(digest);
  }

  remember(digest: string, tokenId: string): void {
    this.#tokenIds.set(digest, tokenId);
    const digests = this.#digestsByTokenId.get(tokenId);
    if (digests) digests.add(digest);
    else this.#digestsByTokenId.set(tokenId, new Set([digest]));
  }

  /** The token changed (its controls may be gone): ask again whether it must be verified on every use. */
  forget(tokenId: string): void {
    // Copied first: each delete takes the digest out of the set being read.
    for (const digest of [...(this.#digestsByTokenId.get(tokenId) ?? [])]) this.#tokenIds.delete(digest);
  }

  forgetAll(): void {
    this.#tokenIds.clear();
  }
}
