import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { makeFragmentData } from '$lib/graphql';
import type { WebhookFieldsFragment } from '$lib/graphql/graphql';
import WebhookCard, { WebhookFields } from './WebhookCard.svelte';

function webhook(overrides: Partial<WebhookFieldsFragment> = {}): WebhookFieldsFragment {
  return {
    id: 'V2ViaG9vazox',
    url: 'https://example.com/hooks',
    events: ['token.revoked', 'token.leaked'],
    createdAt: '2026-02-01T12:00:00.000Z',
    disabledAt: null,
    consecutiveFailures: 0,
    recentDeliveries: [],
    ...overrides,
  };
}

function renderCard(data: WebhookFieldsFragment) {
  const onAction = vi.fn();
  render(WebhookCard, { webhook: makeFragmentData(data, WebhookFields), onAction });
  return { onAction };
}

describe('WebhookCard', () => {
  it('shows an enabled endpoint with its events, a test button and no re-enable button', () => {
    renderCard(webhook());
    const card = screen.getByRole('article', { name: 'https://example.com/hooks' });
    expect(card).toHaveTextContent('Enabled');
    expect(card).toHaveTextContent('token.revoked, token.leaked');
    expect(screen.getByText('No deliveries yet. Send a test event to try the endpoint.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Re-enable' })).not.toBeInTheDocument();
  });

  it('marks a disabled endpoint and offers to re-enable it', async () => {
    const { onAction } = renderCard(webhook({ disabledAt: '2026-02-03T12:00:00.000Z', consecutiveFailures: 15 }));
    expect(screen.getByRole('article')).toHaveTextContent('Disabled');
    expect(screen.getByText(/after 15 failed deliveries in a row/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Re-enable' }));
    expect(onAction).toHaveBeenCalledWith(
      'enable',
      expect.objectContaining({ id: 'V2ViaG9vazox' }),
      expect.any(HTMLButtonElement),
    );
  });

  it('lists recent deliveries with their status and response code', () => {
    renderCard(
      webhook({
        recentDeliveries: [
          {
            eventId: 'event-2',
            eventType: 'webhook.test',
            status: 'DELIVERED',
            attempts: 1,
            lastStatusCode: 200,
            lastError: null,
            createdAt: '2026-02-02T12:00:00.000Z',
            deliveredAt: '2026-02-02T12:00:01.000Z',
          },
          {
            eventId: 'event-1',
            eventType: 'token.revoked',
            status: 'PENDING',
            attempts: 2,
            lastStatusCode: 503,
            lastError: 'The endpoint answered 503.',
            createdAt: '2026-02-01T12:00:00.000Z',
            deliveredAt: null,
          },
        ],
      }),
    );
    const table = screen.getByRole('table', { name: 'Recent deliveries to https://example.com/hooks' });
    const [, delivered, pending] = within(table).getAllByRole('row');
    expect(delivered).toHaveTextContent(/webhook\.test\s*Delivered\s*200\s*1/);
    expect(pending).toHaveTextContent(/token\.revoked\s*Pending\s*503\s*The endpoint answered 503\.\s*2/);
  });

  it('asks for a test event and a deletion', async () => {
    const { onAction } = renderCard(webhook());
    await fireEvent.click(screen.getByRole('button', { name: 'Send test event' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(onAction.mock.calls.map(([action]) => action)).toEqual(['test', 'delete']);
  });
});
