import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { filtersFromQuery, TokenFilters, urlWithFilters } from './token-filters.svelte';

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

  it('starts from the filters the URL asked for, and follows a URL reached by Back or a link', () => {
    const onChange = vi.fn();
    const filters = new TokenFilters(onChange, { status: 'REVOKED', search: 'build' });
    expect(filters).toMatchObject({ status: 'REVOKED', search: 'build', searchInput: 'build', active: true });
    filters.follow({ status: 'REVOKED', search: 'build' });
    expect(onChange).not.toHaveBeenCalled();
    filters.follow({ status: null, search: '' });
    expect(filters).toMatchObject({ status: null, search: '', searchInput: '', active: false });
    expect(onChange).toHaveBeenCalledOnce();
  });
});

describe('filters in the URL', () => {
  it('reads the status and search from the query string, ignoring what it does not know', () => {
    expect(filtersFromQuery(new URLSearchParams('status=revoked&search=build'))).toEqual({
      status: 'REVOKED',
      search: 'build',
    });
    expect(filtersFromQuery(new URLSearchParams('status=all&search=%20%20'))).toEqual({ status: null, search: '' });
    expect(filtersFromQuery(new URLSearchParams(''))).toEqual({ status: null, search: '' });
  });

  it('writes them back, dropping the empty ones and keeping other parameters', () => {
    const url = new URL('https://latchkey.example/settings/tokens?keep=1&search=old');
    expect(urlWithFilters(url, { status: 'EXPIRED', search: 'ci deploy' }).search).toBe(
      '?keep=1&search=ci+deploy&status=expired',
    );
    expect(urlWithFilters(url, { status: null, search: '' }).search).toBe('?keep=1');
  });

  it('drops the pages loaded after the first: other filters list other tokens', () => {
    const url = new URL('https://latchkey.example/settings/tokens?search=ci&after=c20&after=c40');
    expect(urlWithFilters(url, { status: null, search: 'cd' }).search).toBe('?search=cd');
  });
});
