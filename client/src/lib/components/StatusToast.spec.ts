import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import StatusToast from './StatusToast.svelte';

describe('StatusToast', () => {
  it('shows what just happened in a live status region, with a way to dismiss it', async () => {
    const onDismiss = vi.fn();
    render(StatusToast, { message: 'Token “deploy” revoked.', onDismiss });
    expect(screen.getByRole('status')).toHaveTextContent('Token “deploy” revoked.');
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(onDismiss).toHaveBeenCalledOnce();
  });

  it('keeps its empty live region in the page without a message, so the next one is announced', () => {
    render(StatusToast, { message: null, onDismiss: vi.fn() });
    expect(screen.getByRole('status').textContent).toBe('');
    expect(screen.queryByRole('button', { name: 'Dismiss' })).toBeNull();
  });

  it('leaves focus where it was when a message appears', async () => {
    const elsewhere = document.createElement('button');
    document.body.append(elsewhere);
    elsewhere.focus();
    const { rerender } = render(StatusToast, { message: null, onDismiss: vi.fn() });
    await rerender({ message: 'Token “deploy” restored.', onDismiss: vi.fn() });
    expect(screen.getByRole('status')).toHaveTextContent('Token “deploy” restored.');
    expect(document.activeElement).toBe(elsewhere);
    elsewhere.remove();
  });
});
