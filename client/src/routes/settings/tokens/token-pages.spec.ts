import { describe, expect, it } from 'vitest';
import type { PageState } from './TokenListPage.svelte';
import { TokenPages } from './token-pages.svelte';

const loaded = (count: number, endCursor: string | null, hasNextPage: boolean): PageState => ({
  loading: false,
  error: null,
  totalCount: 45,
  count,
  hasNextPage,
  endCursor,
});

describe('TokenPages', () => {
  it('shows the first page, then each next page after the end of the one before', () => {
    const pages = new TokenPages();
    expect(pages.cursors).toEqual([null]);
    pages.record(0, loaded(20, 'c20', true));
    expect([pages.shownCount, pages.loadingMore]).toEqual([20, false]);

    pages.loadMore();
    expect(pages.cursors).toEqual([null, 'c20']);
    expect(pages.loadingMore).toBe(true);
    pages.loadMore();
    expect(pages.cursors).toEqual([null, 'c20']);

    pages.record(1, loaded(20, 'c40', true));
    pages.loadMore();
    pages.record(2, loaded(5, 'c45', false));
    expect(pages.cursors).toEqual([null, 'c20', 'c40']);
    expect([pages.shownCount, pages.loadingMore, pages.last?.hasNextPage]).toEqual([45, false, false]);
  });

  it('starts with the pages the URL named, then goes on after the last of them', () => {
    const pages = new TokenPages(['c20', 'c40']);
    expect(pages.cursors).toEqual([null, 'c20', 'c40']);
    pages.record(0, loaded(20, 'c20', true));
    pages.record(1, loaded(20, 'c40', true));
    pages.record(2, loaded(20, 'c60', true));
    expect([pages.shownCount, pages.loadingMore]).toEqual([60, false]);
    pages.loadMore();
    expect(pages.cursors).toEqual([null, 'c20', 'c40', 'c60']);
    pages.reset();
    expect(pages.cursors).toEqual([null]);
  });

  it('goes back to the first page when the filters change', () => {
    const pages = new TokenPages();
    pages.record(0, loaded(20, 'c20', true));
    pages.loadMore();
    pages.reset();
    expect(pages.cursors).toEqual([null]);
    expect(pages.first).toBeUndefined();
    expect(pages.shownCount).toBe(0);
  });
});
