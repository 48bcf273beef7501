import { fireEvent, render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import ConfirmDialog from './ConfirmDialog.svelte';

const message = createRawSnippet(() => ({ render: () => '<p><strong>deploy-bot</strong> will stop working.</p>' }));

function renderDialog(props: Partial<{ open: boolean; busy: boolean; error: string | null }> = {}) {
  const onConfirm = vi.fn();
  const onCancel = vi.fn();
  const opener = document.createElement('button');
  opener.textContent = 'Revoke deploy-bot';
  document.body.append(opener);
  opener.focus();
  const view = render(ConfirmDialog, {
    open: true,
    title: 'Revoke token?',
    confirmLabel: 'Revoke',
    onConfirm,
    onCancel,
    children: message,
    ...props,
  });
  return { ...view, onConfirm, onCancel, opener };
}

describe('ConfirmDialog', () => {
  it('opens as a labelled modal dialog naming the token, with focus inside it', () => {
    renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Revoke token?' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription(/deploy-bot will stop working/);
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
  });

  it('cancels on Escape', async () => {
    const { onCancel, onConfirm } = renderDialog();
    await fireEvent.keyDown(screen.getByRole('button', { name: 'Cancel' }), { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledOnce();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('returns focus to the button that opened it when it closes', async () => {
    const { rerender, opener } = renderDialog();
    await rerender({ open: false });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it('keeps Tab and Shift+Tab inside the dialog', async () => {
    renderDialog();
    const close = screen.getByRole('button', { name: 'Close' });
    const confirm = screen.getByRole('button', { name: 'Revoke' });
    confirm.focus();
    await fireEvent.keyDown(confirm, { key: 'Tab' });
    expect(close).toHaveFocus();
    await fireEvent.keyDown(close, { key: 'Tab', shiftKey: true });
    expect(confirm).toHaveFocus();
  });

  it('confirms with its confirm button', async () => {
    const { onConfirm } = renderDialog();
    await fireEvent.click(screen.getByRole('button', { name: 'Revoke' }));
    expect(onConfirm).toHaveBeenCalledOnce();
  });

  it('ignores repeated clicks while the change is being made', async () => {
    const { onConfirm, onCancel } = renderDialog({ busy: true });
    await fireEvent.click(screen.getByRole('button', { name: 'Revoke' }));
    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(onConfirm).not.toHaveBeenCalled();
    expect(onCancel).not.toHaveBeenCalled();
  });

  it('shows why the change failed and stays open', () => {
    renderDialog({ error: 'No token with that id exists.' });
    expect(screen.getByRole('alert')).toHaveTextContent('No token with that id exists.');
    expect(screen.getByRole('dialog')).toBeVisible();
  });
});
