import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { AccountChangeRefusal } from './accounts';
import LockAccountDialog from './LockAccountDialog.svelte';

function renderDialog(isAdministrator = false, answer: AccountChangeRefusal | null = null) {
  const onSubmit = vi.fn(async (_reason: string) => answer);
  const onCancel = vi.fn();
  render(LockAccountDialog, { props: { account: { email: 'ada@example.com', isAdministrator }, onSubmit, onCancel } });
  return { onSubmit, onCancel };
}

describe('LockAccountDialog', () => {
  it('says what a lock does and asks for a reason before calling the API', async () => {
    const { onSubmit } = renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Lock account?' });
    expect(dialog).toHaveTextContent(
      'ada@example.com is signed out everywhere, and their tokens stop working at once.',
    );
    expect(dialog).toHaveTextContent('unlocking the account brings them back');
    await fireEvent.click(screen.getByRole('button', { name: 'Lock account' }));
    const field = screen.getByLabelText('Reason');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(/Say why: the person sees it when they sign in\./);
    expect(onSubmit).not.toHaveBeenCalled();
    await fireEvent.input(field, { target: { value: '  Left the company.  ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Lock account' }));
    expect(onSubmit).toHaveBeenCalledWith('Left the company.');
  });

  it('tells that an administrator keeps the role but cannot use it', () => {
    renderDialog(true);
    expect(screen.getByRole('dialog')).toHaveTextContent('They stay an administrator, but cannot use the role');
  });

  it('stays open with the reason when the API refuses', async () => {
    renderDialog(true, {
      form: 'This is the last administrator who can sign in: make someone else an administrator first.',
    });
    await fireEvent.input(screen.getByLabelText('Reason'), { target: { value: 'x' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Lock account' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('last administrator');
    expect(screen.getByRole('dialog', { name: 'Lock account?' })).toBeInTheDocument();
  });

  it('cancels without locking', async () => {
    const { onSubmit, onCancel } = renderDialog();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalled();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
