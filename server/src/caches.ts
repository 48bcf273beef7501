import { LRUCache } from 'lru-cache';

// Every cache kept between requests lives here, each beside the rule that keeps it correct. They exist for the
// hot paths measured in bench/README.md; a cache whose rule cannot be stated in a sentence does not belong.

/**
 * A table of results that are never stale, emptied when it reaches `max` entries. For the tables looked up
 * dozens of times per request, where recency buys nothing: lru-cache's bookkeeping on every `get` cost
 * about 10 µs of a 20-token page (`npm run profile -w @latchkey/bench -- token-page`), a Map's a fifth of that.
 */
export class NeverStaleMemo<Key, Value> {
  readonly #entries = new Map<Key, Value>();
  constructor(private readonly max: number) {}

  get(key: Key): Value | undefined {
    return this.#entries.get(key);
  }

  set(key: Key, value: Value): void {
    if (this.#entries.size >= this.max) this.#entries.clear();
    this.#entries.set(key, value);
  }
}

/** Global ids by `typename:id`. Never stale: a type and an id always encode to the same global id. */
export const globalIds = new NeverStaleMemo<string, string>(10_000);

/** ISO 8601 text by epoch millisecond, for `DateTime` fields. Never stale: a moment always reads the same. */
export const isoStrings = new NeverStaleMemo<number, string>(10_000);

/**
 * Something worked out from a parsed document, keyed by one of its AST nodes. Never stale: Yoga's parse cache
 * hands every request with the same document the same AST, and an entry goes when its document does.
 */
export function perParsedDocument<Node extends object, Value>(): WeakMap<Node, Value> {
  return new WeakMap<Node, Value>();
}

/**
 * Something worked out from a verified token (what a service sees of it, the answer it is given), keyed by the
 * verifier's object for it. Never stale: a token's grants and owner never change, its expiry is judged per
 * request, and the verifier makes a new object whenever it loads the token again after any change.
 */
export function perVerifiedToken<Token extends object, Value>(): WeakMap<Token, Value> {
  return new WeakMap<Token, Value>();
}

/**
 * Live service keys by service and digest (services/service-keys.ts). An entry is stale once its key is revoked:
 * a revoke forgets every entry in its own process at once; on PostgreSQL it NOTIFYs every replica, and a replica
 * keeps nothing while its listener is down; on SQLite a revoke from another process (the shell) moves
 * `PRAGMA data_version`, which the keeper checks every 50 ms. Few keys exist: at most 1,000.
 */
export function liveServiceKeys<Entry extends object>(): LRUCache<string, Entry> {
  return new LRUCache<string, Entry>({ max: 1000 });
}

/**
 * Results of read-only statements, by statement and parameters, valid only while the database is unchanged:
 * its owner clears it whenever SQLite's `PRAGMA data_version` moves (any commit, by any connection or
 * process). At most 256: one per list someone is looking at.
 */
export function untilTheDatabaseChanges<Value extends object>(): LRUCache<string, Value> {
  return new LRUCache<string, Value>({ max: 256 });
}

/**
 * Tokens by the digest of their secret, for the verifier (tokens/verification.ts): the verified ones, and the
 * refused ones (revoked or unknown). An entry is stale once its token is revoked, restored or deleted: each of
 * those forgets it in this process after the commit and, through PostgreSQL's NOTIFY, on every other replica
 * (tokens/invalidation.ts), which caches nothing while its listener is down. `ttlMs` bounds the trust should a
 * message be lost all the same.
 */
export function tokensByDigest<Entry extends object | string>(options: {
  max: number;
  ttlMs: number;
}): LRUCache<string, Entry> {
  return new LRUCache<string, Entry>({ max: options.max, ttl: Math.max(1, options.ttlMs) });
}
