import type { TokenStatus } from '$lib/graphql/graphql';

const SEARCH_DELAY_MS = 250;

export const statusFilters: { value: TokenStatus | null; label: string }[] = [
  { value: null, label: 'All' },
  { value: 'ACTIVE', label: 'Active' },
  { value: 'REVOKED', label: 'Revoked' },
  { value: 'EXPIRED', label: 'Expired' },
];

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

  /** `onChange` runs whenever the filters the list uses change. */
  constructor(onChange: () => void) {
    this.#onChange = onChange;
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
