import type { PageState } from './TokenListPage.svelte';

/**
 * The pages of the token list shown so far. Each page is its own query (see TokenListPage); the next one
 * starts after the previous page's current end cursor. Pages the URL named (`?after=…`, Load more without
 * JavaScript) start after the cursors it gave, as the server rendered them.
 */
export class TokenPages {
  #requested = $state(1);
  #states = $state<(PageState | undefined)[]>([]);
  #given = $state<string[]>([]);

  /** `given`: the cursors the pages after the first start after, as the URL gave them. */
  constructor(given: readonly string[] = []) {
    this.#given = [...given];
    this.#requested = given.length + 1;
  }

  /** The cursor each shown page starts after; null for the first. */
  readonly cursors = $derived.by(() => {
    const list: (string | null)[] = [null, ...this.#given];
    for (let index = list.length; index < this.#requested; index++) {
      const previous = this.#states[index - 1];
      if (!previous?.hasNextPage || !previous.endCursor) break;
      list.push(previous.endCursor);
    }
    return list;
  });
  readonly first = $derived(this.#states[0]);
  readonly last = $derived(this.#states[this.cursors.length - 1]);
  readonly loadingMore = $derived(this.cursors.length > 1 && this.last?.loading !== false);
  readonly shownCount = $derived(
    this.cursors.reduce((sum, _cursor, index) => sum + (this.#states[index]?.count ?? 0), 0),
  );

  record(index: number, state: PageState) {
    this.#states[index] = state;
  }

  loadMore() {
    if (this.loadingMore) return;
    this.#requested = this.cursors.length + 1;
  }

  /** Back to the first page, as when the filters change. */
  reset() {
    this.#given = [];
    this.#requested = 1;
    this.#states = [];
  }
}
