import type { TokenStatus } from '$lib/graphql/graphql';

const SEARCH_DELAY_MS = 250;

export const statusFilters: { value: TokenStatus | null; label: string }[] = [
  { value: null, label: 'All' },
  { value: 'ACTIVE', label: 'Active' },
  { value: 'REVOKED', label: 'Revoked' },
  { value: 'EXPIRED', label: 'Expired' },
];

/** What the list is narrowed to, as the URL's query string keeps it. */
export interface AppliedFilters {
  status: TokenStatus | null;
  search: string;
}

const statusParameter = 'status';
const searchParameter = 'search';

/** `?status=revoked&search=build`; anything unknown reads as no filter. */
export function filtersFromQuery(query: URLSearchParams): AppliedFilters {
  const status = query.get(statusParameter)?.toUpperCase();
  return {
    status: statusFilters.find((filter) => filter.value !== null && filter.value === status)?.value ?? null,
    search: query.get(searchParameter)?.trim() ?? '',
  };
}

/** The same URL with these filters in its query string, other parameters kept but the pages shown (`after`). */
export function urlWithFilters(url: URL, filters: AppliedFilters): URL {
  const next = new URL(url);
  next.searchParams.delete('after');
  if (filters.status) next.searchParams.set(statusParameter, filters.status.toLowerCase());
  else next.searchParams.delete(statusParameter);
  if (filters.search) next.searchParams.set(searchParameter, filters.search);
  else next.searchParams.delete(searchParameter);
  return next;
}

/** The status and name the list is narrowed to. The search applies after a pause in typing, or at once on Enter. */
export class TokenFilters {
  status = $state<TokenStatus | null>(null);
  /** What the search field shows. */
  searchInput = $state('');
  /** What the list is searched for. */
  search = $state('');
  readonly active = $derived(this.status !== null || this.search !== '');
  readonly #onChange: () => void;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  /** `onChange` runs whenever the filters the list uses change; `initial` is what the page's URL asked for. */
  constructor(onChange: () => void, initial: AppliedFilters = { status: null, search: '' }) {
    this.#onChange = onChange;
    this.status = initial.status;
    this.search = initial.search;
    this.searchInput = initial.search;
  }

  /** Takes the filters of a URL reached another way (Back, a link to the list): replaces what is shown. */
  follow(next: AppliedFilters) {
    if (next.status === this.status && next.search === this.search) return;
    clearTimeout(this.#searchTimer);
    this.status = next.status;
    this.search = next.search;
    this.searchInput = next.search;
    this.#onChange();
  }

  setStatus(value: TokenStatus | null) {
    this.status = value;
    this.#onChange();
  }

  /** After each keystroke: searches once typing pauses. */
  scheduleSearch() {
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => this.applySearch(), SEARCH_DELAY_MS);
  }

  applySearch() {
    clearTimeout(this.#searchTimer);
    const next = this.searchInput.trim();
    if (next === this.search) return;
    this.search = next;
    this.#onChange();
  }

  clear() {
    clearTimeout(this.#searchTimer);
    this.searchInput = '';
    this.search = '';
    this.status = null;
    this.#onChange();
  }
}
