import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import NotificationPreferences from './NotificationPreferences.svelte';

const preferences = [
  {
    type: 'token.expiring',
    description: 'A token expires in 7 days, and again in 1 day.',
    email: true,
    webhook: false,
  },
  { type: 'token.revoked', description: 'A token was revoked (with the reason).', email: false, webhook: false },
];

function renderPreferences(options: { emailEnabled?: boolean; failWith?: string } = {}) {
  const onChange = vi.fn(async () => options.failWith ?? null);
  render(NotificationPreferences, { emailEnabled: options.emailEnabled ?? true, preferences, onChange });
  return { onChange };
}

describe('NotificationPreferences', () => {
  it('shows each event with its email and webhook choices checked as they are', () => {
    renderPreferences();
    expect(screen.getByRole('rowheader', { name: /token\.expiring/ })).toHaveTextContent('expires in 7 days');
    expect(screen.getByRole('checkbox', { name: 'Email for token.expiring' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Webhook for token.expiring' })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Email for token.revoked' })).not.toBeChecked();
  });

  it('says email is off when the operator has not configured it', () => {
    renderPreferences({ emailEnabled: false });
    expect(
      screen.getByText(/^Email is off on this server: the operator has not set LATCHKEY_SMTP_URL\./),
    ).toBeInTheDocument();
  });

  it('does not mention email being off when it is on', () => {
    renderPreferences();
    expect(screen.queryByText(/Email is off/)).not.toBeInTheDocument();
  });

  it('saves a change with the other channel as it was, and announces it', async () => {
    const { onChange } = renderPreferences();
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Webhook for token.expiring' }));
    expect(onChange).toHaveBeenCalledWith({ type: 'token.expiring', email: true, webhook: true });
    expect(await screen.findByRole('status')).toHaveTextContent('Saved: token.expiring by email and webhook.');
  });

  it('shows why a change was not saved and puts the checkbox back', async () => {
    renderPreferences({ failWith: 'Could not save the choice. Check your connection and try again.' });
    const checkbox = screen.getByRole('checkbox', { name: 'Email for token.revoked' });
    await fireEvent.click(checkbox);
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not save the choice.');
    expect(checkbox).not.toBeChecked();
  });
});
