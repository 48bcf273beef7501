import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import RevokeServiceKeyDialog from './RevokeServiceKeyDialog.svelte';

const key = {
  id: 'key-live',
  serviceId: 'reports',
  hint: 'lksvc_…abcd',
  createdAt: '2026-01-15T12:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};

function renderDialog(props: { error?: string | null; busy?: boolean } = {}) {
  const onConfirm = vi.fn();
  const onCancel = vi.fn();
  render(RevokeServiceKeyDialog, {
    key,
    serviceName: 'Reports',
    busy: props.busy ?? false,
    error: props.error ?? null,
    returnFocusTo: null,
    onConfirm,
    onCancel,
  });
  return { onConfirm, onCancel };
}

describe('RevokeServiceKeyDialog', () => {
  it('asks before revoking, naming the key and its service, and says it takes effect at once', async () => {
    const { onConfirm, onCancel } = renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Revoke service key' });
    expect(dialog).toHaveAccessibleDescription(/Revoke lksvc_…abcd of Reports\? Every replica refuses it/);
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Revoke key' }));
    expect(onConfirm).toHaveBeenCalled();
  });

  it('shows why the revoke failed and stays open', () => {
    renderDialog({ error: 'No service key with that id exists.' });
    expect(screen.getByRole('dialog', { name: 'Revoke service key' })).toHaveTextContent(
      'No service key with that id exists.',
    );
  });
});
