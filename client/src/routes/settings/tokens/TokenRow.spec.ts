import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeFragmentData } from '$lib/graphql';
import type { TokenRowFieldsFragment } from '$lib/graphql/graphql';
import TokenRow, { TokenRowFields } from './TokenRow.svelte';

const now = new Date('2026-03-01T12:00:00.000Z');

function token(overrides: Partial<TokenRowFieldsFragment> = {}): TokenRowFieldsFragment {
  return {
    id: 'token-1',
    name: 'deploy-bot',
    description: null,
    hint: 'lkpat_…abcd',
    permissions: [{ name: 'tokens:read', removed: false }],
    status: 'ACTIVE',
    createdAt: '2026-02-01T12:00:00.000Z',
    expiresAt: '2026-05-01T12:00:00.000Z',
    revokedAt: null,
    revocationReason: null,
    revocationMessage: null,
    pendingApprovalSince: null,
    lastUsedAt: null,
    lastUsedIp: null,
    previousSecretValidUntil: null,
    ...overrides,
  };
}

function renderRow(data: TokenRowFieldsFragment) {
  const table = document.createElement('table');
  const body = document.createElement('tbody');
  table.append(body);
  document.body.append(table);
  const onAction = vi.fn();
  render(TokenRow, {
    target: body,
    props: { token: makeFragmentData(data, TokenRowFields), now, onAction },
  });
  return { row: screen.getByRole('row'), onAction };
}

const buttonNames = (row: HTMLElement) =>
  within(row)
    .queryAllByRole('button')
    .map((button) => button.getAttribute('aria-label'));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('TokenRow', () => {
  it('links the name to the token’s own page and shows its description under it', () => {
    const { row } = renderRow(token({ id: 'UGVyc29uYWw=', description: 'Publishes releases from CI' }));
    expect(within(row).getByRole('link', { name: 'deploy-bot' }).getAttribute('href')).toBe(
      '/settings/tokens/UGVyc29uYWw%3D',
    );
    expect(within(row).getByText('Publishes releases from CI')).toBeTruthy();
  });

  it('shows the name with its hint and permissions, the dates and the status', () => {
    const { row } = renderRow(token());
    expect(within(row).getByRole('rowheader')).toHaveTextContent('deploy-bot');
    expect(row).toHaveTextContent('lkpat_…abcd');
    expect(row).toHaveTextContent('tokens:read');
    expect(row).toHaveTextContent('May 1, 2026');
    expect(row).toHaveTextContent('Feb 1, 2026');
    expect(row).toHaveTextContent('Never used');
    expect(within(row).getByText('Active')).toHaveClass('badge--active');
  });

  it('lists every permission by name, a removed one struck through and marked removed', () => {
    const { row } = renderRow(
      token({
        permissions: [
          { name: 'reports:write', removed: true },
          { name: 'tokens:read', removed: false },
        ],
      }),
    );
    const permissions = row.querySelector('.token-permissions');
    expect(permissions).toHaveTextContent(/^reports:write \(removed\), tokens:read$/);
    const struck = within(row).getByText('reports:write');
    expect(struck.tagName).toBe('S');
    expect(within(row).getByText('tokens:read').closest('s')).toBeNull();
  });

  it('offers Rotate and Revoke for an active token', async () => {
    const { row, onAction } = renderRow(token());
    expect(buttonNames(row)).toEqual(['Rotate deploy-bot', 'Revoke deploy-bot']);
    await fireEvent.click(within(row).getByRole('button', { name: 'Rotate deploy-bot' }));
    expect(onAction).toHaveBeenCalledWith('rotate', expect.objectContaining({ id: 'token-1' }));
    await fireEvent.click(within(row).getByRole('button', { name: 'Revoke deploy-bot' }));
    expect(onAction).toHaveBeenCalledWith('revoke', expect.objectContaining({ id: 'token-1' }));
  });

  it('offers Restore and Delete for a token its owner revoked', () => {
    const { row } = renderRow(token({ status: 'REVOKED', revocationReason: 'OWNER', revokedAt: now.toISOString() }));
    expect(buttonNames(row)).toEqual(['Restore deploy-bot', 'Delete deploy-bot']);
    expect(within(row).getByText('Revoked')).toHaveClass('badge--revoked');
  });

  it('offers no Restore for a token revoked because it leaked', () => {
    const { row } = renderRow(token({ status: 'REVOKED', revocationReason: 'LEAKED', revokedAt: now.toISOString() }));
    expect(buttonNames(row)).toEqual(['Delete deploy-bot']);
  });

  it('says who revoked a token and when, so a token without Restore shows why', () => {
    const revokedAt = '2026-02-26T08:00:00.000Z';
    const status = (row: HTMLElement) => row.querySelector('td[data-label="Status"]');
    expect(
      status(renderRow(token({ status: 'REVOKED', revocationReason: 'LEAKED', revokedAt })).row),
    ).toHaveTextContent(/^Revoked\s+because it leaked on Feb 26, 2026$/);
    document.body.innerHTML = '';
    const { row } = renderRow(token({ status: 'REVOKED', revocationReason: 'ADMIN', revokedAt }));
    expect(status(row)).toHaveTextContent(/^Revoked\s+by an administrator on Feb 26, 2026$/);
    expect(row.querySelector(`time[datetime="${revokedAt}"]`)).toBeTruthy();
    document.body.innerHTML = '';
    expect(status(renderRow(token({ status: 'REVOKED', revocationReason: 'OWNER', revokedAt })).row)).toHaveTextContent(
      /^Revoked\s+by you on Feb 26, 2026$/,
    );
  });

  it('says a pending token waits for an administrator, and offers only to withdraw the request', async () => {
    const { row, onAction } = renderRow(token({ status: 'PENDING', pendingApprovalSince: now.toISOString() }));
    expect(within(row).getByText('Pending approval')).toHaveClass('badge--pending');
    expect(row).toHaveTextContent("Waiting for an administrator's approval");
    expect(buttonNames(row)).toEqual(['Withdraw the request for deploy-bot']);
    await fireEvent.click(within(row).getByRole('button', { name: 'Withdraw the request for deploy-bot' }));
    expect(onAction).toHaveBeenCalledWith('revoke', expect.objectContaining({ id: 'token-1' }));
  });

  it('shows the administrator’s message on a denied token, which cannot be restored', () => {
    const { row } = renderRow(
      token({
        status: 'REVOKED',
        revocationReason: 'DENIED',
        revocationMessage: 'Use the read-only token.',
        revokedAt: '2026-02-26T08:00:00.000Z',
      }),
    );
    expect(row.querySelector('td[data-label="Status"]')).toHaveTextContent(
      /^Revoked\s+approval denied on Feb 26, 2026\s+“Use the read-only token\.”$/,
    );
    expect(buttonNames(row)).toEqual(['Delete deploy-bot']);
  });

  it('offers only Delete for an expired token', () => {
    const { row } = renderRow(token({ status: 'EXPIRED', expiresAt: '2026-02-20T12:00:00.000Z' }));
    expect(buttonNames(row)).toEqual(['Delete deploy-bot']);
    expect(within(row).getByText('Expired')).toHaveClass('badge--expired');
  });

  it('says how soon an active token expires within the week', () => {
    const { row } = renderRow(token({ expiresAt: '2026-03-04T18:00:00.000Z' }));
    expect(row).toHaveTextContent('Expires in 3 days');
  });

  it('shows when and from where it was last used', () => {
    const { row } = renderRow(token({ lastUsedAt: '2026-02-27T09:30:00.000Z', lastUsedIp: '203.0.113.7' }));
    expect(row).toHaveTextContent('from 203.0.113.7');
    expect(row).not.toHaveTextContent('Never used');
  });

  it('says until when the secret a rotation replaced still works, and nothing when there is none', () => {
    const { row } = renderRow(token({ previousSecretValidUntil: '2026-03-01T13:00:00.000Z' }));
    expect(row).toHaveTextContent('Previous secret valid until');
    expect(within(row).getByText(/2026/, { selector: 'time[datetime="2026-03-01T13:00:00.000Z"]' })).toBeTruthy();
    document.body.innerHTML = '';
    expect(renderRow(token()).row).not.toHaveTextContent('Previous secret');
  });
});
