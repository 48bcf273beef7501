import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { RevocationRefusal } from './inventory';
import RevokeSelectedDialog from './RevokeSelectedDialog.svelte';

function renderDialog(answer: RevocationRefusal | null = null) {
  const onSubmit = vi.fn(async (_message: string) => answer);
  const onCancel = vi.fn();
  render(RevokeSelectedDialog, {
    props: { open: true, summary: 'All 1,000+ tokens matching this filter selected', onSubmit, onCancel },
  });
  return { onSubmit, onCancel };
}

describe('RevokeSelectedDialog', () => {
  it('says what is selected and asks for a message before revoking, without calling the API', async () => {
    const { onSubmit } = renderDialog();
    expect(screen.getByRole('dialog', { name: 'Revoke selected tokens?' })).toHaveTextContent(
      'All 1,000+ tokens matching this filter selected.',
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Revoke tokens' }));
    const field = screen.getByLabelText('Message to the owners');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(/Write a message to the owners/);
    expect(onSubmit).not.toHaveBeenCalled();
    await fireEvent.input(field, { target: { value: '  Leaked in the CI logs.  ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Revoke tokens' }));
    expect(onSubmit).toHaveBeenCalledWith('Leaked in the CI logs.');
  });

  it('stays open with the reason when the API refuses', async () => {
    renderDialog({ form: 'Select the tokens either by `tokenIds` or by `filter`: exactly one.' });
    await fireEvent.input(screen.getByLabelText('Message to the owners'), { target: { value: 'Rotating.' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Revoke tokens' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('exactly one');
    expect(screen.getByRole('dialog', { name: 'Revoke selected tokens?' })).toBeInTheDocument();
  });

  it('cancels without revoking', async () => {
    const { onSubmit, onCancel } = renderDialog();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalled();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
