import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ServiceCard from './ServiceCard.svelte';

const reports = {
  id: 'reports',
  name: 'Reports',
  description: 'The reports API.',
  acceptsKeys: true,
  permissions: [
    { name: 'reports:read', description: 'Read reports.', implies: [] },
    { name: 'reports:write', description: 'Create, change and delete reports.', implies: ['reports:read'] },
  ],
  keys: [],
};

const liveKey = {
  id: 'key-live',
  serviceId: 'reports',
  hint: 'lksvc_…abcd',
  createdAt: '2026-01-15T12:00:00.000Z',
  lastUsedAt: '2026-01-16T08:30:00.000Z',
  revokedAt: null,
};
const revokedKey = {
  id: 'key-revoked',
  serviceId: 'reports',
  hint: 'lksvc_…wxyz',
  createdAt: '2026-01-10T12:00:00.000Z',
  lastUsedAt: null,
  revokedAt: '2026-01-14T12:00:00.000Z',
};

function renderCard(service = reports, keys = [liveKey, revokedKey]) {
  const onCreate = vi.fn();
  const onRevoke = vi.fn();
  render(ServiceCard, { service, keys, onCreate, onRevoke });
  return { onCreate, onRevoke };
}

describe('ServiceCard', () => {
  it('shows each permission with what it implies', () => {
    renderCard();
    const section = screen.getByRole('region', { name: /Reports/ });
    const items = within(section).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('reports:read Read reports.');
    expect(items[0]).not.toHaveTextContent('Implies');
    expect(items[1]).toHaveTextContent('reports:write Create, change and delete reports. Implies reports:read');
  });

  it('lists the keys by hint with when they were created and last used, and their status', () => {
    renderCard();
    const table = screen.getByRole('table', { name: 'Keys of Reports, live ones first' });
    const [, live, revoked] = within(table).getAllByRole('row');
    expect(within(live as HTMLElement).getByRole('rowheader')).toHaveTextContent('lksvc_…abcd');
    expect(live).toHaveTextContent('Active');
    expect(live?.querySelector('time[datetime="2026-01-16T08:30:00.000Z"]')).not.toBeNull();
    expect(revoked).toHaveTextContent('lksvc_…wxyz');
    expect(revoked).toHaveTextContent('Never');
    expect(revoked).toHaveTextContent('Revoked');
    expect(screen.getByRole('heading', { name: 'Keys 1 live' })).toBeInTheDocument();
  });

  it('offers Revoke for live keys only, and Create key for the service', async () => {
    const { onCreate, onRevoke } = renderCard();
    const revokeButtons = screen.getAllByRole('button', { name: /^Revoke key/ });
    expect(revokeButtons).toHaveLength(1);
    expect(revokeButtons[0]).toHaveAccessibleName('Revoke key lksvc_…abcd of Reports');
    await fireEvent.click(revokeButtons[0] as HTMLElement);
    expect(onRevoke).toHaveBeenCalledWith(liveKey, revokeButtons[0]);
    const create = screen.getByRole('button', { name: 'Create a key for Reports' });
    await fireEvent.click(create);
    expect(onCreate).toHaveBeenCalledWith(reports, create);
  });

  it('says how to start when a service has no key yet', () => {
    renderCard(reports, []);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText(/No keys yet/)).toBeInTheDocument();
  });

  it('offers no key for Latchkey itself', () => {
    renderCard({ ...reports, id: 'latchkey', name: 'Latchkey', acceptsKeys: false }, []);
    expect(screen.queryByRole('button', { name: /Create a key/ })).toBeNull();
    expect(screen.getByText(/This is Latchkey itself/)).toBeInTheDocument();
  });
});
