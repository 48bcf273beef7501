import { LRUCache } from 'lru-cache';

// Every cache kept between requests lives here, each beside the rule that keeps it correct. They exist for the
// hot paths measured in bench/README.md; a cache whose rule cannot be stated in a sentence does not belong.

/** Global ids by `typename:id`. Never stale: a type and an id always encode to the same global id. */
export const globalIds = new LRUCache<string, string>({ max: 10_000 });

/** ISO 8601 text by epoch millisecond, for `DateTime` fields. Never stale: a moment always reads the same. */
export const isoStrings = new LRUCache<number, string>({ max: 10_000 });

/**
 * Something worked out from a parsed document, keyed by one of its AST nodes. Never stale: Yoga's parse cache
 * hands every request with the same document the same AST, and an entry goes when its document does.
 */
export function perParsedDocument<Node extends object, Value>(): WeakMap<Node, Value> {
  return new WeakMap<Node, Value>();
}

/**
 * Results of read-only statements, by statement and parameters, valid only while the database is unchanged:
 * its owner clears it whenever SQLite's `PRAGMA data_version` moves (any commit, by any connection or
 * process). At most 256: one per list someone is looking at.
 */
export function untilTheDatabaseChanges<Value extends object>(): LRUCache<string, Value> {
  return new LRUCache<string, Value>({ max: 256 });
}
