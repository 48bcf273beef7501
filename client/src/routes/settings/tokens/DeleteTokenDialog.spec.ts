import { fireEvent, render, screen } from '@testing-library/svelte';
import type { Client } from '@urql/core';
import { describe, expect, it, vi } from 'vitest';
import type { DeleteTokenMutation, TokenRowFieldsFragment } from '$lib/graphql/graphql';
import DeleteTokenDialog from './DeleteTokenDialog.svelte';

const token = { id: 'token-1', name: 'deploy-bot' } as TokenRowFieldsFragment;

function renderDialog(answer: DeleteTokenMutation['deleteToken']) {
  const mutation = vi.fn(() => ({ toPromise: async () => ({ data: { deleteToken: answer } }) }));
  const onDeleted = vi.fn();
  render(DeleteTokenDialog, {
    props: { token, onDeleted, onCancel: vi.fn() },
    context: new Map([['$$_urql', { mutation } as unknown as Client]]),
  });
  return { mutation, onDeleted };
}

describe('DeleteTokenDialog', () => {
  it('warns that deleting cannot be undone, then deletes and refreshes the token lists', async () => {
    const { mutation, onDeleted } = renderDialog({ __typename: 'DeleteTokenSuccess', deletedTokenId: 'token-1' });
    const dialog = screen.getByRole('dialog', { name: 'Delete token permanently?' });
    expect(dialog).toHaveTextContent('deploy-bot will be deleted permanently. This cannot be undone.');

    await fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await vi.waitFor(() => expect(onDeleted).toHaveBeenCalledWith(token));
    expect(mutation).toHaveBeenCalledWith(
      expect.anything(),
      { id: 'token-1' },
      { additionalTypenames: ['PersonalAccessToken'] },
    );
  });

  it("stays open with the API's reason when it refuses", async () => {
    const { onDeleted } = renderDialog({ __typename: 'NotFoundError', message: 'No such token.' });
    await fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('No such token.');
    expect(onDeleted).not.toHaveBeenCalled();
  });
});
