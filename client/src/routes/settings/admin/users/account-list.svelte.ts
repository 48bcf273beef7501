import type { AdminAccountFieldsFragment } from '$lib/graphql/graphql';

export interface AccountPage {
  accounts: AdminAccountFieldsFragment[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Fetches the page of accounts matching `search` after `after`; null when the API could not answer. */
export type FetchAccountPage = (search: string | null, after: string | null) => Promise<AccountPage | null>;

/**
 * The accounts shown: the first page for a search, grown by "Load more", with rows replaced as they change. A
 * page that arrives after the search changed is dropped.
 */
export class AccountList {
  accounts = $state<AdminAccountFieldsFragment[]>([]);
  hasNextPage = $state(false);
  loading = $state(false);
  loaded = $state(false);
  failed = $state(false);
  readonly #fetchPage: FetchAccountPage;
  #search: string | null = null;
  #endCursor: string | null = null;
  #generation = 0;

  constructor(fetchPage: FetchAccountPage) {
    this.#fetchPage = fetchPage;
  }

  /** The first page for `search`, replacing what is shown. */
  async show(search: string | null): Promise<void> {
    this.#search = search;
    this.#endCursor = null;
    this.loaded = false;
    await this.#load(true);
  }

  async loadMore(): Promise<void> {
    if (this.loading || !this.hasNextPage) return;
    await this.#load(false);
  }

  /** Shows `account` as it is now, in the row it already has. */
  replace(account: AdminAccountFieldsFragment): void {
    this.accounts = this.accounts.map((shown) => (shown.id === account.id ? account : shown));
  }

  async #load(fresh: boolean): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    const page = await this.#fetchPage(this.#search, fresh ? null : this.#endCursor);
    if (generation !== this.#generation) return;
    this.loading = false;
    this.failed = page === null;
    if (!page) return;
    this.accounts = fresh ? page.accounts : [...this.accounts, ...page.accounts];
    this.hasNextPage = page.hasNextPage;
    this.#endCursor = page.endCursor;
    this.loaded = true;
  }
}
