import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { makeFragmentData } from '$lib/graphql';
import type { ApprovalRequestFieldsFragment } from '$lib/graphql/graphql';
import ApprovalQueue from './ApprovalQueue.svelte';
import { ApprovalRequestFields } from './approvals';

const request: ApprovalRequestFieldsFragment = {
  tokenId: 'token-1',
  ownerEmail: 'ada@example.com',
  tokenName: 'deploy reports',
  description: 'Nightly upload',
  permissions: [
    { name: 'profile:read', description: 'Read your profile.' },
    { name: 'reports:write', description: 'Write reports.' },
  ],
  permissionsNeedingApproval: ['reports:write'],
  requestedAt: '2026-03-01T12:00:00.000Z',
  lifetimeDays: 30,
};

function renderQueue() {
  const onDecide = vi.fn();
  render(ApprovalQueue, { props: { requests: [makeFragmentData(request, ApprovalRequestFields)], onDecide } });
  return { onDecide };
}

describe('ApprovalQueue', () => {
  it('shows who asks for which token, and which permissions need approval', () => {
    renderQueue();
    const row = screen.getByRole('row', { name: /deploy reports/ });
    expect(row).toHaveTextContent('by ada@example.com');
    expect(row).toHaveTextContent('Nightly upload');
    expect(row).toHaveTextContent('Lives 30 days once approved');
    const permissions = within(row)
      .getAllByRole('listitem')
      .map((item) => item.textContent?.replace(/\s+/g, ' ').trim());
    expect(permissions).toEqual(['profile:read', 'reports:write Needs approval']);
    expect(within(row).getByText(/2026/, { selector: 'time[datetime="2026-03-01T12:00:00.000Z"]' })).toBeTruthy();
  });

  it('offers Approve and Deny, named after the token and its owner', async () => {
    const { onDecide } = renderQueue();
    await fireEvent.click(screen.getByRole('button', { name: 'Approve deploy reports for ada@example.com' }));
    expect(onDecide).toHaveBeenCalledWith(
      'approve',
      expect.objectContaining({ tokenId: 'token-1' }),
      expect.anything(),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Deny deploy reports for ada@example.com' }));
    expect(onDecide).toHaveBeenCalledWith('deny', expect.objectContaining({ tokenId: 'token-1' }), expect.anything());
  });
});
