import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { DecisionRefusal } from './approvals';
import DecisionDialog from './DecisionDialog.svelte';

const request = { tokenName: 'deploy reports', ownerEmail: 'ada@example.com' };

function renderDialog(decision: 'approve' | 'deny', answer: DecisionRefusal | null = null) {
  const onSubmit = vi.fn(async (_message: string) => answer);
  const onCancel = vi.fn();
  render(DecisionDialog, { props: { request, decision, onSubmit, onCancel } });
  return { onSubmit, onCancel };
}

describe('DecisionDialog', () => {
  it('approves with an optional message, saying the token works at once', async () => {
    const { onSubmit } = renderDialog('approve');
    const dialog = screen.getByRole('dialog', { name: 'Approve token?' });
    expect(dialog).toHaveTextContent('deploy reports, requested by ada@example.com, starts working at once.');
    await fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(onSubmit).toHaveBeenCalledWith('');
  });

  it('asks for a message before denying, without calling the API', async () => {
    const { onSubmit } = renderDialog('deny');
    expect(screen.getByRole('dialog', { name: 'Deny token?' })).toHaveTextContent('is revoked for good');
    await fireEvent.click(screen.getByRole('button', { name: 'Deny' }));
    const field = screen.getByLabelText('Why it is denied');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(/Say why the request is denied: its owner reads it\./);
    expect(onSubmit).not.toHaveBeenCalled();
    await fireEvent.input(field, { target: { value: '  Use the read-only token.  ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Deny' }));
    expect(onSubmit).toHaveBeenCalledWith('Use the read-only token.');
  });

  it('stays open with the reason when the API refuses', async () => {
    renderDialog('approve', {
      form: 'This request no longer waits for approval: it was approved, denied or withdrawn.',
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('no longer waits for approval');
    expect(screen.getByRole('dialog', { name: 'Approve token?' })).toBeInTheDocument();
  });

  it('cancels without deciding', async () => {
    const { onSubmit, onCancel } = renderDialog('deny');
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalled();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
