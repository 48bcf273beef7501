import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { TokenDetailsFieldsFragment } from '$lib/graphql/graphql';
import TokenDetails from './TokenDetails.svelte';

const token: TokenDetailsFieldsFragment = {
  id: 'token-1',
  name: 'deploy-bot',
  description: 'Publishes releases from CI',
  hint: 'lkpat_…abcd',
  permissions: [
    { name: 'reports:read', removed: false },
    { name: 'tokens:read', removed: false },
    { name: 'legacy:write', removed: true },
  ],
  status: 'ACTIVE',
  createdAt: '2026-02-01T12:00:00.000Z',
  expiresAt: '2026-05-01T12:00:00.000Z',
  revokedAt: null,
  revocationReason: null,
  revocationMessage: null,
  pendingApprovalSince: null,
  approvedAt: null,
  approvedByEmail: null,
  rotatedAt: null,
  previousSecretValidUntil: null,
  lastUsedAt: '2026-02-20T09:30:00.000Z',
  lastUsedIp: '203.0.113.7',
  lastUsedService: 'reports',
  allowedAddresses: [],
  refusedAddressCount: 0,
  rateLimit: null,
  quota: null,
};

const services = [
  {
    id: 'latchkey',
    name: 'Latchkey',
    description: 'This server.',
    permissions: [{ name: 'tokens:read', description: 'List your tokens.', implies: [] }],
  },
  {
    id: 'reports',
    name: 'Reports',
    description: 'The reports API.',
    permissions: [{ name: 'reports:read', description: 'Read reports.', implies: [] }],
  },
];

describe('TokenDetails', () => {
  it('shows the name, description, status, dates and where it was last used', () => {
    render(TokenDetails, { token, services });
    expect(screen.getByText('Publishes releases from CI')).toBeInTheDocument();
    expect(screen.getByText('Active')).toBeInTheDocument();
    const lastUsed = screen.getByText('Last used').nextElementSibling as HTMLElement;
    expect(lastUsed.textContent?.replace(/\s+/g, ' ').trim()).toMatch(
      /^Feb 20, 2026, .* at reports from 203\.0\.113\.7$/,
    );
  });

  it('groups the permissions by service, in the catalogue’s order, and lists removed ones apart', () => {
    render(TokenDetails, { token, services });
    const groups = screen.getAllByRole('list')[0] as HTMLElement;
    const items = within(groups)
      .getAllByRole('listitem')
      .filter((item) => item.parentElement === groups)
      .map((item) => item.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual([
      'Latchkey tokens:read List your tokens.',
      'Reports reports:read Read reports.',
      'Other legacy:write (removed from the catalogue)',
    ]);
  });

  it('says a pending token waits for an administrator, and since when', () => {
    const pendingApprovalSince = '2026-02-01T12:00:00.000Z';
    render(TokenDetails, { token: { ...token, status: 'PENDING', pendingApprovalSince }, services });
    expect(screen.getByText('Pending approval')).toBeInTheDocument();
    expect(screen.getByText("Waiting for an administrator's approval")).toBeInTheDocument();
    expect(screen.getByText('Requested').nextElementSibling).toHaveTextContent(
      'Its lifetime starts once an administrator approves it.',
    );
  });

  it('says who approved an approved token, and shows the message a denied one was refused with', () => {
    const approved = { ...token, approvedAt: '2026-02-02T12:00:00.000Z', approvedByEmail: 'admin@example.com' };
    const { unmount } = render(TokenDetails, { token: approved, services });
    expect(screen.getByText('Approved').nextElementSibling).toHaveTextContent(/by admin@example\.com$/);
    unmount();
    render(TokenDetails, {
      token: {
        ...token,
        status: 'REVOKED',
        revokedAt: '2026-02-02T12:00:00.000Z',
        revocationReason: 'DENIED',
        revocationMessage: 'Use the read-only token.',
      },
      services,
    });
    expect(screen.getByText('Denied')).toBeInTheDocument();
    expect(screen.getByText("Administrator's message").nextElementSibling).toHaveTextContent(
      'Use the read-only token.',
    );
  });

  it('says so when there is no description and the token was never used', () => {
    render(TokenDetails, { token: { ...token, description: null, lastUsedAt: null }, services: undefined });
    expect(screen.getByText('No description')).toBeInTheDocument();
    expect(screen.getByText('Never used')).toBeInTheDocument();
  });

  it('shows when it was rotated and until when the previous secret keeps working', () => {
    render(TokenDetails, {
      token: {
        ...token,
        rotatedAt: '2026-03-01T12:00:00.000Z',
        previousSecretValidUntil: '2026-03-02T12:00:00.000Z',
      },
      services,
    });
    const rotated = screen.getByText('Rotated').nextElementSibling as HTMLElement;
    expect(rotated.textContent).toMatch(/^Mar 1, 2026, /);
    const secret = screen.getByText('Secret').nextElementSibling as HTMLElement;
    expect(secret.textContent?.replace(/\s+/g, ' ').trim()).toMatch(
      /^lkpat_…abcd Previous secret valid until Mar 2, 2026, /,
    );
    expect(within(secret).getByText(/^Mar 2, 2026/)).toHaveAttribute('datetime', '2026-03-02T12:00:00.000Z');
  });

  it('says nothing of rotation for a token that still has its first secret', () => {
    render(TokenDetails, { token, services });
    expect(screen.queryByText('Rotated')).toBeNull();
    expect(screen.queryByText(/Previous secret/)).toBeNull();
  });

  it('says a token without restrictions may be used from any address, without limit or quota', () => {
    render(TokenDetails, { token, services });
    const value = (label: string) => (screen.getByText(label).nextElementSibling as HTMLElement).textContent?.trim();
    expect(value('Allowed addresses')).toBe('Any address');
    expect(value('Rate limit')).toBe('No limit');
    expect(value('Quota')).toBe('No quota');
  });

  it('shows the allowlist with the requests it refused, the rate limit, and the quota left until it refills', () => {
    render(TokenDetails, {
      token: {
        ...token,
        allowedAddresses: ['10.0.0.0/8', '203.0.113.7/32'],
        refusedAddressCount: 3,
        rateLimit: { requests: 100, windowSeconds: 60 },
        quota: { uses: 5, refill: 'MONTH', remaining: 2, refillsAt: '2026-03-01T00:00:00.000Z' },
      },
      services,
    });
    const value = (label: string) =>
      (screen.getByText(label).nextElementSibling as HTMLElement).textContent?.replace(/\s+/g, ' ').trim();
    const allowed = screen.getByText('Allowed addresses').nextElementSibling as HTMLElement;
    expect(
      within(allowed)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['10.0.0.0/8', '203.0.113.7/32']);
    expect(value('Allowed addresses')).toMatch(/ 3 requests from other addresses refused$/);
    expect(value('Rate limit')).toBe('100 requests per minute');
    expect(value('Quota')).toBe('2 of 5 uses left this month Refills on Mar 1, 2026 at 00:00 UTC');
  });

  it('says when a quota never refills', () => {
    render(TokenDetails, {
      token: { ...token, quota: { uses: 2, refill: null, remaining: 0, refillsAt: null } },
      services,
    });
    const quota = screen.getByText('Quota').nextElementSibling as HTMLElement;
    expect(quota.textContent?.replace(/\s+/g, ' ').trim()).toBe('0 of 2 uses left Never refills');
  });
});
