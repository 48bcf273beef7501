import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenFilters } from './token-filters.svelte';

describe('TokenFilters', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('searches once typing pauses, trimmed, and not again for the same words', () => {
    const onChange = vi.fn();
    const filters = new TokenFilters(onChange);
    filters.searchInput = ' dep';
    filters.scheduleSearch();
    filters.searchInput = ' deploy ';
    filters.scheduleSearch();
    expect(filters.search).toBe('');
    vi.advanceTimersByTime(250);
    expect(filters.search).toBe('deploy');
    expect(filters.active).toBe(true);
    expect(onChange).toHaveBeenCalledOnce();

    filters.searchInput = 'deploy';
    filters.applySearch();
    expect(onChange).toHaveBeenCalledOnce();
  });

  it('searches at once on Enter, without waiting for the pause', () => {
    const onChange = vi.fn();
    const filters = new TokenFilters(onChange);
    filters.searchInput = 'ci';
    filters.scheduleSearch();
    filters.applySearch();
    expect(filters.search).toBe('ci');
    vi.advanceTimersByTime(250);
    expect(onChange).toHaveBeenCalledOnce();
  });

  it('narrows to a status, and clears everything, including a search still being typed', () => {
    const onChange = vi.fn();
    const filters = new TokenFilters(onChange);
    filters.setStatus('REVOKED');
    expect(filters.active).toBe(true);
    filters.searchInput = 'half-typed';
    filters.scheduleSearch();
    filters.clear();
    vi.advanceTimersByTime(250);
    expect([filters.status, filters.searchInput, filters.search, filters.active]).toEqual([null, '', '', false]);
    expect(onChange).toHaveBeenCalledTimes(2);
  });
});
