import { fireEvent, render, screen } from '@testing-library/svelte';
import type { Client } from '@urql/core';
import { describe, expect, it, vi } from 'vitest';
import type { RevokeTokenMutation, TokenRowFieldsFragment } from '$lib/graphql/graphql';
import RevokeTokenDialog from './RevokeTokenDialog.svelte';

const token = { id: 'token-1', name: 'deploy-bot' } as TokenRowFieldsFragment;

function renderDialog(answer: RevokeTokenMutation['revokeToken'] | undefined, target = token) {
  const mutation = vi.fn(() => ({ toPromise: async () => ({ data: answer && { revokeToken: answer } }) }));
  const onRevoked = vi.fn();
  const onCancel = vi.fn();
  render(RevokeTokenDialog, {
    props: { token: target, onRevoked, onCancel },
    context: new Map([['$$_urql', { mutation } as unknown as Client]]),
  });
  return { mutation, onRevoked, onCancel };
}

describe('RevokeTokenDialog', () => {
  it('says that revoking a request waiting for approval withdraws it for good', () => {
    renderDialog(undefined, { ...token, status: 'PENDING' });
    const dialog = screen.getByRole('dialog', { name: 'Revoke token?' });
    expect(dialog).toHaveTextContent('The request for deploy-bot will be withdrawn');
    expect(dialog).not.toHaveTextContent('You can restore it later');
  });

  it('says what revoking does, and revokes the token only once confirmed', async () => {
    const { mutation, onRevoked } = renderDialog({
      __typename: 'RevokeTokenSuccess',
      token: { id: 'token-1', status: 'REVOKED' },
    });
    const dialog = screen.getByRole('dialog', { name: 'Revoke token?' });
    expect(dialog).toHaveTextContent('deploy-bot will stop working immediately');
    expect(dialog).toHaveTextContent('You can restore it later, until it expires.');
    expect(mutation).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByRole('button', { name: 'Revoke' }));
    await vi.waitFor(() => expect(onRevoked).toHaveBeenCalledWith(token));
    expect(mutation).toHaveBeenCalledWith(expect.anything(), { id: 'token-1' });
  });

  it('stays open with the reason when the token could not be revoked', async () => {
    const { onRevoked } = renderDialog(undefined);
    await fireEvent.click(screen.getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The token could not be revoked.');
    expect(onRevoked).not.toHaveBeenCalled();
  });
});
