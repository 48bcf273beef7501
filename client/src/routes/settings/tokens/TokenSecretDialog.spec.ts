import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import TokenSecretDialog from './TokenSecretDialog.svelte';

const secret = 'lkpat_0123456789abcdefghijklmnopqrstuvwxyzABCD';

function renderDialog() {
  const onDone = vi.fn();
  render(TokenSecretDialog, { name: 'deploy-bot', secret, onDone });
  return { onDone };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  Reflect.deleteProperty(navigator, 'clipboard');
});

describe('TokenSecretDialog', () => {
  it('shows the secret once, read-only, with a warning and a copy button', () => {
    renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Token Successfully Generated' });
    expect(dialog).toHaveAccessibleDescription(/It will not be shown again/);
    expect(dialog).toHaveTextContent('deploy-bot');
    const field = screen.getByRole('textbox', { name: 'Token' });
    expect(field).toHaveValue(secret);
    expect(field).toHaveAttribute('readonly');
    expect(field).toHaveClass('mono');
    expect(screen.getByRole('button', { name: 'Copy' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Download .txt' })).toBeInTheDocument();
  });

  it('copies with the Clipboard API and confirms "Copied"', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderDialog();
    await fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledWith(secret);
  });

  it('falls back to a selected textarea when the Clipboard API is missing', async () => {
    let copiedText: string | undefined;
    const execCommand = vi.fn((command: string) => {
      copiedText = (document.activeElement as HTMLTextAreaElement).value;
      return command === 'copy';
    });
    vi.stubGlobal('document', Object.assign(document, { execCommand }));
    renderDialog();
    await fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument();
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(copiedText).toBe(secret);
    expect(document.querySelector('textarea')).toBeNull();
  });

  it('downloads the secret as a .txt file', async () => {
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:latchkey/secret');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderDialog();
    await fireEvent.click(screen.getByRole('button', { name: 'Download .txt' }));
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toBe('latchkey-token-deploy-bot.txt');
    const [blob] = createObjectURL.mock.calls[0] ?? [];
    expect(await blob?.text()).toBe(`${secret}\n`);
  });

  it('cannot be dismissed with Escape; only "I have saved it" closes it', async () => {
    const { onDone } = renderDialog();
    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(onDone).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Close' })).not.toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'I have saved it' }));
    expect(onDone).toHaveBeenCalledOnce();
  });
});
