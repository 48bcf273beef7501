import { describe, expect, it, vi } from 'vitest';
import type { AdminAccountFieldsFragment } from '$lib/graphql/graphql';
import { AccountList, type AccountPage } from './account-list.svelte';

const account = (email: string): AdminAccountFieldsFragment => ({
  id: `id-${email}`,
  email,
  createdAt: '2026-01-15T12:00:00.000Z',
  lastSignInAt: null,
  isAdministrator: false,
  lockedAt: null,
  lockedReason: null,
  activeTokenCount: 0,
  tokenCount: 0,
});

describe('AccountList', () => {
  it('shows the first page for a search and adds the next one on Load more', async () => {
    const pages: Record<string, AccountPage> = {
      first: { accounts: [account('a@example.com')], hasNextPage: true, endCursor: 'c1' },
      c1: { accounts: [account('b@example.com')], hasNextPage: false, endCursor: 'c2' },
    };
    const fetchPage = vi.fn(async (_search: string | null, after: string | null) => pages[after ?? 'first'] ?? null);
    const list = new AccountList(fetchPage);
    await list.show('example');
    expect(list.accounts.map(({ email }) => email)).toEqual(['a@example.com']);
    expect(list.hasNextPage).toBe(true);
    await list.loadMore();
    expect(fetchPage).toHaveBeenLastCalledWith('example', 'c1');
    expect(list.accounts.map(({ email }) => email)).toEqual(['a@example.com', 'b@example.com']);
    expect(list.hasNextPage).toBe(false);
  });

  it('drops a page that arrives after the search changed', async () => {
    let answerSlow: (page: AccountPage) => void = () => {};
    const fetchPage = vi.fn((search: string | null) =>
      search === 'slow'
        ? new Promise<AccountPage>((resolve) => {
            answerSlow = resolve;
          })
        : Promise.resolve({ accounts: [account('fast@example.com')], hasNextPage: false, endCursor: null }),
    );
    const list = new AccountList(fetchPage);
    const slow = list.show('slow');
    await list.show('fast');
    answerSlow({ accounts: [account('slow@example.com')], hasNextPage: false, endCursor: null });
    await slow;
    expect(list.accounts.map(({ email }) => email)).toEqual(['fast@example.com']);
  });

  it('replaces a changed account in its row and says when a page could not be loaded', async () => {
    const list = new AccountList(async () => ({
      accounts: [account('a@example.com'), account('b@example.com')],
      hasNextPage: false,
      endCursor: null,
    }));
    await list.show(null);
    list.replace({ ...account('b@example.com'), lockedAt: '2026-01-16T00:00:00.000Z', lockedReason: 'On leave.' });
    expect(list.accounts.map(({ lockedReason }) => lockedReason)).toEqual([null, 'On leave.']);
    const failing = new AccountList(async () => null);
    await failing.show(null);
    expect(failing.failed).toBe(true);
  });
});
