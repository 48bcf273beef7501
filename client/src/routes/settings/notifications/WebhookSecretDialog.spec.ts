import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebhookSecretDialog from './WebhookSecretDialog.svelte';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw0123456789ab=';

afterEach(() => {
  Reflect.deleteProperty(navigator, 'clipboard');
});

describe('WebhookSecretDialog', () => {
  it('shows the secret once with a copy button, and a warning it will not be shown again', () => {
    render(WebhookSecretDialog, { url: 'https://example.com/hooks', secret, onDone: vi.fn() });
    const dialog = screen.getByRole('dialog', { name: 'Webhook endpoint added' });
    expect(dialog).toHaveAccessibleDescription(/It will not be shown again/);
    expect(dialog).toHaveTextContent('https://example.com/hooks');
    const field = screen.getByRole('textbox', { name: 'Signing secret' });
    expect(field).toHaveValue(secret);
    expect(field).toHaveAttribute('readonly');
    expect(screen.getByRole('button', { name: 'Copy' })).toHaveFocus();
  });

  it('copies the secret and confirms it', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(WebhookSecretDialog, { url: 'https://example.com/hooks', secret, onDone: vi.fn() });
    await fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledWith(secret);
  });

  it('closes only through "I have saved it"', async () => {
    const onDone = vi.fn();
    render(WebhookSecretDialog, { url: 'https://example.com/hooks', secret, onDone });
    await fireEvent.click(screen.getByRole('button', { name: 'I have saved it' }));
    expect(onDone).toHaveBeenCalledOnce();
  });
});
