import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { AdminAccountFieldsFragment } from '$lib/graphql/graphql';
import AccountTable from './AccountTable.svelte';

const base: AdminAccountFieldsFragment = {
  id: 'id-ada',
  email: 'ada@example.com',
  createdAt: '2026-01-15T12:00:00.000Z',
  lastSignInAt: '2026-02-01T09:30:00.000Z',
  isAdministrator: false,
  lockedAt: null,
  lockedReason: null,
  activeTokenCount: 2,
  tokenCount: 3,
};
const locked: AdminAccountFieldsFragment = {
  ...base,
  id: 'id-grace',
  email: 'grace@example.com',
  lastSignInAt: null,
  lockedAt: '2026-02-02T10:00:00.000Z',
  lockedReason: 'Left the company.',
  activeTokenCount: 0,
  tokenCount: 0,
};
const viewer: AdminAccountFieldsFragment = { ...base, id: 'id-me', email: 'me@example.com', isAdministrator: true };

function renderTable() {
  const onAction = vi.fn();
  render(AccountTable, { props: { accounts: [base, locked, viewer], viewerEmail: 'me@example.com', onAction } });
  const row = (email: string) => screen.getByRole('row', { name: new RegExp(email) });
  return { onAction, row };
}

describe('AccountTable', () => {
  it('shows each account with its tokens, last sign-in, role and lock reason', () => {
    const { row } = renderTable();
    expect(row('ada@example.com')).toHaveTextContent('2 of 3 active');
    const times = within(row('ada@example.com')).getAllByRole('time');
    expect(times.map((time) => time.getAttribute('datetime'))).toEqual([base.createdAt, base.lastSignInAt]);
    expect(row('grace@example.com')).toHaveTextContent('Locked');
    expect(row('grace@example.com')).toHaveTextContent('Left the company.');
    expect(row('grace@example.com')).toHaveTextContent('Never');
    expect(row('grace@example.com')).toHaveTextContent('None');
    expect(row('me@example.com')).toHaveTextContent('You');
    expect(row('me@example.com')).toHaveTextContent('Administrator');
  });

  it('offers Lock… to others, Unlock to a locked account, and no lock on your own row', async () => {
    const { onAction, row } = renderTable();
    await fireEvent.click(within(row('ada@example.com')).getByRole('button', { name: 'Lock ada@example.com…' }));
    expect(onAction).toHaveBeenLastCalledWith('lock', base, expect.any(HTMLButtonElement));
    await fireEvent.click(within(row('grace@example.com')).getByRole('button', { name: 'Unlock grace@example.com' }));
    expect(onAction).toHaveBeenLastCalledWith('unlock', locked, expect.any(HTMLButtonElement));
    expect(within(row('me@example.com')).queryByRole('button', { name: /^Lock/ })).toBeNull();
  });

  it('offers to make an account an administrator, or to remove the role', async () => {
    const { onAction, row } = renderTable();
    await fireEvent.click(
      within(row('ada@example.com')).getByRole('button', { name: 'Make ada@example.com an administrator' }),
    );
    expect(onAction).toHaveBeenLastCalledWith('grant', base, expect.any(HTMLButtonElement));
    await fireEvent.click(
      within(row('me@example.com')).getByRole('button', { name: 'Remove administrator role from me@example.com' }),
    );
    expect(onAction).toHaveBeenLastCalledWith('revoke', viewer, expect.any(HTMLButtonElement));
  });
});
