import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import AuditFilterBar from './AuditFilterBar.svelte';
import type { AuditFilters } from './audit-filters';

const tokenNames = new Map([
  ['token-2', 'deploy'],
  ['token-1', 'ci'],
]);

function renderBar(filters: AuditFilters, unlistedTokenLabel: string | null = null) {
  const onChange = vi.fn();
  render(AuditFilterBar, { filters, tokenNames, unlistedTokenLabel, onChange });
  return onChange;
}

describe('AuditFilterBar', () => {
  it('shows the filters the URL asked for', () => {
    renderBar({ action: 'TOKEN_REVOKED', tokenId: 'token-1' });
    expect(screen.getByLabelText('Action')).toHaveDisplayValue('Token revoked');
    expect(screen.getByLabelText('Token')).toHaveDisplayValue('ci');
  });

  it('offers every action, grouped, and the account’s tokens newest first', () => {
    renderBar({ action: null, tokenId: null });
    expect(screen.getByRole('group', { name: 'Account' })).toHaveTextContent('Signed inSign-in failedPassword changed');
    const tokens = screen.getByLabelText('Token') as HTMLSelectElement;
    expect(Array.from(tokens.options, (option) => option.text)).toEqual(['All tokens', 'deploy', 'ci']);
  });

  it('changes one filter and keeps the other', async () => {
    const onChange = renderBar({ action: null, tokenId: 'token-2' });
    await fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'SIGNED_IN' } });
    expect(onChange).toHaveBeenLastCalledWith({ action: 'SIGNED_IN', tokenId: 'token-2' });
    await fireEvent.change(screen.getByLabelText('Token'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ action: null, tokenId: null });
  });

  it('names a filtered token that is no longer listed', () => {
    renderBar({ action: null, tokenId: 'token-9' }, 'old-laptop (deleted)');
    expect(screen.getByLabelText('Token')).toHaveDisplayValue('old-laptop (deleted)');
  });
});
