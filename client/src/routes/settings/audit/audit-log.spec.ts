import { describe, expect, it, vi } from 'vitest';
import { auditEvent } from './audit-event-fixtures';
import { type AuditPage, type FetchAuditPage, fetchAllAuditEvents, SignedOutError } from './audit-events';
import { AuditLog, EVENTS_PER_PAGE } from './audit-log.svelte';

const everything = { action: null, tokenId: null };
const revocations = { action: 'TOKEN_REVOKED' as const, tokenId: null };

function page(ids: string[], endCursor: string | null, hasNextPage: boolean): AuditPage {
  return { events: ids.map((id) => auditEvent({ id })), hasNextPage, endCursor };
}

const ids = (log: AuditLog) => log.events.map((event) => event.id);

describe('AuditLog', () => {
  it('shows the first page, then appends the next and says where it starts', async () => {
    const fetchPage = vi
      .fn<FetchAuditPage>()
      .mockResolvedValueOnce(page(['3', '2'], 'c2', true))
      .mockResolvedValueOnce(page(['1'], 'c1', false));
    const log = new AuditLog(fetchPage);
    await log.show(revocations);
    expect([log.status, ids(log), log.hasNextPage]).toEqual(['ready', ['3', '2'], true]);
    expect(await log.loadMore()).toBe(2);
    expect([ids(log), log.hasNextPage]).toEqual([['3', '2', '1'], false]);
    expect(fetchPage.mock.calls).toEqual([
      [revocations, null, EVENTS_PER_PAGE],
      [revocations, 'c2', EVENTS_PER_PAGE],
    ]);
    expect(await log.loadMore()).toBeNull();
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it('drops a page asked for under filters that have changed since', async () => {
    let answerFirst: (page: AuditPage) => void = () => {};
    const fetchPage = vi
      .fn<FetchAuditPage>()
      .mockReturnValueOnce(new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce(page(['r1'], null, false));
    const log = new AuditLog(fetchPage);
    const stale = log.show(everything);
    await log.show(revocations);
    answerFirst(page(['a1', 'a2'], 'c', true));
    await stale;
    expect([ids(log), log.hasNextPage]).toEqual([['r1'], false]);
  });

  it('reports a failed first page, and shows it after a retry', async () => {
    const fetchPage = vi
      .fn<FetchAuditPage>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValueOnce(page(['1'], null, false));
    const log = new AuditLog(fetchPage);
    await log.show(everything);
    expect(log.status).toBe('failed');
    await log.retry();
    expect([log.status, ids(log)]).toEqual(['ready', ['1']]);
  });

  it('keeps the events shown when the next page fails, and says so', async () => {
    const fetchPage = vi
      .fn<FetchAuditPage>()
      .mockResolvedValueOnce(page(['2'], 'c2', true))
      .mockRejectedValueOnce(new Error('offline'));
    const log = new AuditLog(fetchPage);
    await log.show(everything);
    expect(await log.loadMore()).toBeNull();
    expect([log.status, ids(log), log.loadMoreFailed, log.loadingMore]).toEqual(['ready', ['2'], true, false]);
  });

  it('tells a signed-out session apart from a failure', async () => {
    const log = new AuditLog(vi.fn<FetchAuditPage>().mockRejectedValue(new SignedOutError()));
    await log.show(everything);
    expect(log.status).toBe('signed-out');
  });
});

describe('fetchAllAuditEvents', () => {
  it('reads every page, the largest the API allows, until there are no more', async () => {
    const fetchPage = vi
      .fn<FetchAuditPage>()
      .mockResolvedValueOnce(page(['3', '2'], 'c2', true))
      .mockResolvedValueOnce(page(['1'], 'c1', false));
    const all = await fetchAllAuditEvents(fetchPage, revocations, 10_000);
    expect([all.events.map((event) => event.id), all.truncated]).toEqual([['3', '2', '1'], false]);
    expect(fetchPage.mock.calls).toEqual([
      [revocations, null, 100],
      [revocations, 'c2', 100],
    ]);
  });

  it('stops at the limit and says more events matched', async () => {
    const fetchPage = vi.fn<FetchAuditPage>(async (_filters, after, first) =>
      page(
        Array.from({ length: first }, (_, index) => `${after ?? 'start'}-${index}`),
        `${after ?? 'start'}+`,
        true,
      ),
    );
    const all = await fetchAllAuditEvents(fetchPage, everything, 250);
    expect([all.events.length, all.truncated]).toEqual([250, true]);
    expect(fetchPage.mock.calls.map(([, , first]) => first)).toEqual([100, 100, 50]);
  });
});
