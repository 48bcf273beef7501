import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { TokenActivityFieldsFragment } from '$lib/graphql/graphql';
import TokenActivity from './TokenActivity.svelte';

type Activity = TokenActivityFieldsFragment['activity'];

/** Thirty UTC days ending Nov 30, 2026, unused but for the given ones. */
function period(used: Record<string, Activity['days'][number]['counts']>): Activity['days'] {
  return Array.from({ length: 30 }, (_, index) => {
    const day = new Date(Date.UTC(2026, 10, 1 + index)).toISOString().slice(0, 10);
    const counts = used[day] ?? [];
    return { day, counts, requests: counts.reduce((sum, count) => sum + count.requests, 0) };
  });
}

const busyDays = period({
  '2026-11-03': [{ service: 'reports', operation: null, requests: 15 }],
  '2026-11-28': [
    { service: 'latchkey', operation: 'ViewerProfile', requests: 90 },
    { service: 'reports', operation: null, requests: 7 },
  ],
  '2026-11-30': [{ service: 'latchkey', operation: 'ViewerProfile', requests: 300 }],
});

const newNetworkAddress = {
  address: '198.51.100.20',
  firstSeenAt: '2026-11-28T08:00:00.000Z',
  lastSeenAt: '2026-11-30T09:15:00.000Z',
  requests: 12,
  newNetwork: true,
};
const knownAddress = {
  address: '203.0.113.7',
  firstSeenAt: '2026-10-02T10:00:00.000Z',
  lastSeenAt: '2026-11-29T18:00:00.000Z',
  requests: 400,
  newNetwork: false,
};
const addresses = [newNetworkAddress, knownAddress];

const services = [
  { id: 'latchkey', name: 'Latchkey', description: 'This server.', permissions: [] },
  { id: 'reports', name: 'Reports', description: 'The reports API.', permissions: [] },
];

function renderActivity(activity: Activity) {
  render(TokenActivity, { token: { activity }, services });
}

/** Each row's cells, as text. */
function rows(table: HTMLElement) {
  return within(table)
    .getAllByRole('row')
    .map((row) => [...row.children].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim()));
}

describe('TokenActivity', () => {
  it('charts the requests of each of the last 30 days, named by their total and busiest day', () => {
    renderActivity({ days: busyDays, addresses });
    expect(screen.getByRole('heading', { name: 'Activity (last 30 days)' })).toBeInTheDocument();
    const chart = screen.getByRole('img', { name: '412 requests in the last 30 days, most on Nov 30: 300' });
    const titles = [...chart.querySelectorAll('title')].map((title) => title.textContent);
    expect(titles).toHaveLength(30);
    expect(titles[0]).toBe('Nov 1: 0 requests');
    expect(titles[27]).toBe('Nov 28: 97 requests');
    expect(titles[29]).toBe('Nov 30: 300 requests');
  });

  it('draws the busiest day full height, today at the right, and an unused day without a bar', () => {
    renderActivity({ days: busyDays, addresses });
    const bars = [...screen.getByRole('img').querySelectorAll('.chart__bar')];
    const height = (index: number) => Number(bars[index]?.getAttribute('height'));
    expect(height(29)).toBe(100);
    expect(height(27)).toBeCloseTo(100 * (97 / 300));
    expect(height(0)).toBe(0);
    expect(Number(bars[29]?.getAttribute('x'))).toBeGreaterThan(Number(bars[28]?.getAttribute('x')));
  });

  it('lists the days with requests in a table, as an alternative to the chart', async () => {
    renderActivity({ days: busyDays, addresses });
    await fireEvent.click(screen.getByText('Requests per day'));
    const table = screen.getByRole('table', { name: 'Requests per day' });
    expect(rows(table)).toEqual([
      ['Day (UTC)', 'Requests'],
      ['Nov 3', '15'],
      ['Nov 28', '97'],
      ['Nov 30', '300'],
    ]);
    expect(within(table).getByText('Nov 28')).toHaveAttribute('datetime', '2026-11-28');
  });

  it('totals the period by service and operation, most first, with the services’ names', () => {
    renderActivity({ days: busyDays, addresses });
    const table = screen.getByRole('table', { name: 'By service' });
    expect(rows(table)).toEqual([
      ['Service', 'Operation', 'Requests'],
      ['Latchkey', 'ViewerProfile', '390'],
      ['Reports', 'Not recorded', '22'],
    ]);
  });

  it('lists the addresses with first and last use and requests, and explains the new-network badge in words', () => {
    renderActivity({ days: busyDays, addresses });
    const table = screen.getByRole('table', { name: 'Addresses' });
    expect(rows(table)).toEqual([
      ['Address', 'First seen', 'Last seen', 'Requests'],
      [
        '198.51.100.20 New network',
        expect.stringMatching(/^Nov 28, 2026, /),
        expect.stringMatching(/^Nov 30, 2026, /),
        '12',
      ],
      ['203.0.113.7', expect.stringMatching(/^Oct 2, 2026, /), expect.stringMatching(/^Nov 29, 2026, /), '400'],
    ]);
    expect(within(table).getByText('New network')).toHaveAccessibleDescription(
      'New network: the token’s first use from a network it had not been used from before. It raised a new-address alert.',
    );
  });

  it('says so when the token was not used in the period and no address is recorded', () => {
    renderActivity({ days: period({}), addresses: [] });
    expect(screen.getByText('Not used in the last 30 days.')).toBeInTheDocument();
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.queryByRole('table', { name: 'By service' })).toBeNull();
    expect(screen.getByText('No addresses recorded.')).toBeInTheDocument();
  });

  it('keeps older addresses when the last 30 days were quiet, and explains no badge that is not shown', () => {
    renderActivity({ days: period({}), addresses: [knownAddress] });
    expect(screen.getByText('Not used in the last 30 days.')).toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: 'Addresses' })).getByText('203.0.113.7')).toBeInTheDocument();
    expect(screen.queryByText(/New network/)).toBeNull();
  });
});
