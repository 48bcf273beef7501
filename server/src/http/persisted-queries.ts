import { type APQStore, useAPQ } from '@graphql-yoga/plugin-apq';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/** How much query text one replica keeps for automatic persisted queries, in UTF-16 code units. */
export const persistedQueryLimits = {
  entries: 1000,
  characters: 4_000_000,
  /** Far beyond any document within the document limits; a longer text is answered but never kept. */
  charactersPerEntry: 64_000,
};

/**
 * Query texts by their SHA-256, the most recently used kept within `limits`: anyone may register texts, so the
 * store is bounded in count and in size, and pushing others' texts out costs their clients one more round trip.
 * Never stale: a hash names one text.
 */
export function persistedQueryStore(limits = persistedQueryLimits): APQStore {
  const texts = new LRUCache<string, string>({
    max: limits.entries,
    maxSize: limits.characters,
    maxEntrySize: limits.charactersPerEntry,
    sizeCalculation: (text, hash) => text.length + hash.length,
  });
  return { get: (hash) => texts.get(hash), set: (hash, text) => texts.set(hash, text) };
}

/**
 * Automatic persisted queries (Apollo's protocol): a hash alone runs the text registered under it, or answers
 * `PersistedQueryNotFound` (HTTP 404) so the client sends hash and text together. The text then takes the same
 * path as any document: authentication has already happened (useAuthenticationFirst, before any parameter is
 * read), and the text-storability check, the document limits and validation all run after this plugin.
 */
export function useAutomaticPersistedQueries(store = persistedQueryStore()): Plugin {
  const { onParams } = useAPQ({ store });
  return {
    // The plugin's hook is async: it would make every request wait a turn, though few carry a hash.
    onParams(payload) {
      if (payload.params.extensions?.persistedQuery != null) return onParams?.(payload);
    },
  };
}
