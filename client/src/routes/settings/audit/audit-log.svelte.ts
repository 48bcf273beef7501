import { type AuditEvent, type FetchAuditPage, SignedOutError } from './audit-events';
import type { AuditFilters } from './audit-filters';

export const EVENTS_PER_PAGE = 50;

/**
 * The events shown so far, newest first, and the next page to load. Nothing on this page changes the log, so
 * pages are appended as they arrive rather than kept as live queries.
 */
export class AuditLog {
  events = $state<AuditEvent[]>([]);
  status = $state<'loading' | 'ready' | 'failed' | 'signed-out'>('loading');
  hasNextPage = $state(false);
  loadingMore = $state(false);
  loadMoreFailed = $state(false);
  readonly #fetchPage: FetchAuditPage;
  #filters: AuditFilters = { action: null, tokenId: null };
  #endCursor: string | null = null;
  /** Bumped by each `show`, so that a page asked for under earlier filters is dropped when it arrives. */
  #generation = 0;

  constructor(fetchPage: FetchAuditPage) {
    this.#fetchPage = fetchPage;
  }

  /** Starts over with the first page of these filters. */
  async show(filters: AuditFilters): Promise<void> {
    this.#generation++;
    this.#filters = filters;
    this.#endCursor = null;
    this.events = [];
    this.status = 'loading';
    this.hasNextPage = false;
    this.loadingMore = false;
    this.loadMoreFailed = false;
    await this.#load(this.#generation, null);
  }

  /** Appends the next page; resolves with the index of its first event, or null when it added none. */
  async loadMore(): Promise<number | null> {
    if (this.loadingMore || !this.hasNextPage) return null;
    this.loadingMore = true;
    this.loadMoreFailed = false;
    const firstNew = this.events.length;
    return (await this.#load(this.#generation, this.#endCursor)) ? firstNew : null;
  }

  retry(): Promise<void> {
    return this.show(this.#filters);
  }

  async #load(generation: number, after: string | null): Promise<boolean> {
    let added = false;
    try {
      const page = await this.#fetchPage(this.#filters, after, EVENTS_PER_PAGE);
      if (generation !== this.#generation) return false;
      this.events = [...this.events, ...page.events];
      this.hasNextPage = page.hasNextPage && page.endCursor !== null;
      this.#endCursor = page.endCursor;
      this.status = 'ready';
      added = page.events.length > 0;
    } catch (error) {
      if (generation !== this.#generation) return false;
      if (error instanceof SignedOutError) this.status = 'signed-out';
      else if (after === null) this.status = 'failed';
      else this.loadMoreFailed = true;
    }
    this.loadingMore = false;
    return added;
  }
}
