import { fireEvent, render, screen } from '@testing-library/svelte';
import type { Client } from '@urql/core';
import { describe, expect, it, vi } from 'vitest';
import type { RotateTokenMutation, TokenRowFieldsFragment } from '$lib/graphql/graphql';
import { PasswordConfirmation } from '$lib/password-confirmation.svelte';
import RotateTokenDialog from './RotateTokenDialog.svelte';

const token = { id: 'token-1', name: 'deploy-bot' } as TokenRowFieldsFragment;
const SECRET = 'lkpat_000000000000000000000000000000000000aa';

function renderDialog(answer: RotateTokenMutation['rotateToken'] | undefined) {
  const mutation = vi.fn(() => ({ toPromise: async () => ({ data: answer && { rotateToken: answer } }) }));
  const client = { mutation } as unknown as Client;
  // The real one: these answers never ask for the password, so it runs the mutation once as it is.
  const passwordConfirmation = new PasswordConfirmation(client);
  const onRotated = vi.fn();
  const onCancel = vi.fn();
  render(RotateTokenDialog, {
    props: { token, passwordConfirmation, onRotated, onCancel },
    context: new Map([['$$_urql', client]]),
  });
  return { mutation, onRotated, onCancel };
}

describe('RotateTokenDialog', () => {
  it('asks how long the current secret keeps working, then shows the new secret once', async () => {
    const { mutation, onRotated } = renderDialog({
      __typename: 'RotateTokenSuccess',
      secret: SECRET,
      token: {
        id: 'token-1',
        name: 'deploy-bot',
        hint: 'lkpat_…00aa',
        expiresAt: '2026-04-01T12:00:00.000Z',
        previousSecretValidUntil: '2026-03-02T12:00:00.000Z',
      },
    });
    const dialog = screen.getByRole('dialog', { name: 'Rotate token?' });
    expect(dialog).toHaveTextContent('deploy-bot gets a new secret, shown once');
    expect(screen.getByRole('radio', { name: 'Keeps working for 1 hour' })).toBeChecked();
    await fireEvent.click(screen.getByRole('radio', { name: 'Keeps working for 1 day' }));
    expect(mutation).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByRole('button', { name: 'Rotate' }));
    expect(await screen.findByDisplayValue(SECRET)).toBeInTheDocument();
    expect(mutation).toHaveBeenCalledWith(expect.anything(), { id: 'token-1', overlap: 'ONE_DAY' });
    expect(onRotated).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByRole('button', { name: 'I have saved it' }));
    expect(onRotated).toHaveBeenCalledWith(token);
    expect(screen.queryByDisplayValue(SECRET)).toBeNull();
  });

  it('stays open with the reason when the token could not be rotated', async () => {
    const { onRotated } = renderDialog({
      __typename: 'InvalidTransitionError',
      message: 'Only an active token can be rotated.',
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Rotate' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Only an active token can be rotated.');
    expect(onRotated).not.toHaveBeenCalled();
  });
});
