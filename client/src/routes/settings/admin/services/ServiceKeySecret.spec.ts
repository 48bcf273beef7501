import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import TokenSecretDialog from '../../tokens/TokenSecretDialog.svelte';

const secret = 'lksvc_0123456789abcdefghijklmnopqrstuvwxyzAB';
const lead = createRawSnippet(() => ({ render: () => '<p>A new key for <strong>Reports</strong> is ready.</p>' }));

describe('a new service key', () => {
  it('is shown once, read-only, as a service key with a copy button', () => {
    render(TokenSecretDialog, {
      name: 'Reports',
      secret,
      onDone: vi.fn(),
      title: 'Service Key Created',
      noun: 'service key',
      lead,
    });
    const dialog = screen.getByRole('dialog', { name: 'Service Key Created' });
    expect(dialog).toHaveAccessibleDescription(/Copy your service key now\. It will not be shown again\./);
    expect(dialog).toHaveTextContent('A new key for Reports is ready.');
    expect(dialog).not.toHaveTextContent('personal access token');
    const field = screen.getByRole('textbox', { name: 'Service key' });
    expect(field).toHaveValue(secret);
    expect(field).toHaveAttribute('readonly');
    expect(screen.getByRole('button', { name: 'Copy' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'I have saved it' })).toBeInTheDocument();
  });
});
