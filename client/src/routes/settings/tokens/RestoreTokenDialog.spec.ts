import { fireEvent, render, screen } from '@testing-library/svelte';
import type { Client } from '@urql/core';
import { describe, expect, it, vi } from 'vitest';
import type { RestoreTokenMutation, TokenRowFieldsFragment } from '$lib/graphql/graphql';
import { PasswordConfirmation } from '$lib/password-confirmation.svelte';
import RestoreTokenDialog from './RestoreTokenDialog.svelte';

const token = { id: 'token-1', name: 'deploy-bot', expiresAt: '2026-05-01T12:00:00.000Z' } as TokenRowFieldsFragment;

function renderDialog(answer: RestoreTokenMutation['restoreToken'] | undefined) {
  const mutation = vi.fn(() => ({ toPromise: async () => ({ data: answer && { restoreToken: answer } }) }));
  const client = { mutation } as unknown as Client;
  const onRestored = vi.fn();
  const onCancel = vi.fn();
  render(RestoreTokenDialog, {
    props: { token, passwordConfirmation: new PasswordConfirmation(client), onRestored, onCancel },
    context: new Map([['$$_urql', client]]),
  });
  return { mutation, onRestored, onCancel };
}

describe('RestoreTokenDialog', () => {
  it('says that restoring makes the secret work again, and restores only once confirmed', async () => {
    const { mutation, onRestored } = renderDialog({
      __typename: 'RestoreTokenSuccess',
      token: { id: 'token-1', status: 'ACTIVE' },
    });
    const dialog = screen.getByRole('dialog', { name: 'Restore token?' });
    expect(dialog).toHaveTextContent('deploy-bot will work again at once');
    expect(dialog).toHaveTextContent('until it expires on May 1, 2026');
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(mutation).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByRole('button', { name: 'Restore' }));
    await vi.waitFor(() => expect(onRestored).toHaveBeenCalledWith(token));
    expect(mutation).toHaveBeenCalledWith(expect.anything(), { id: 'token-1' });
  });

  it('stays open with the reason when the token could not be restored', async () => {
    const { onRestored } = renderDialog({ __typename: 'InvalidTransitionError', message: 'It has expired.' });
    await fireEvent.click(screen.getByRole('button', { name: 'Restore' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('It has expired.');
    expect(onRestored).not.toHaveBeenCalled();
  });

  it('restores nothing when cancelled', async () => {
    const { mutation, onCancel } = renderDialog(undefined);
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledOnce();
    expect(mutation).not.toHaveBeenCalled();
  });
});
