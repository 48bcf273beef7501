import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import PasswordConfirmationDialog from './PasswordConfirmationDialog.svelte';

describe('PasswordConfirmationDialog', () => {
  it('asks for the password with focus in the field', () => {
    render(PasswordConfirmationDialog, { open: true, onSubmit: vi.fn(), onCancel: vi.fn() });
    expect(screen.getByRole('dialog', { name: 'Confirm your password' })).toHaveAccessibleDescription(
      /needs your password again/,
    );
    expect(screen.getByLabelText('Password')).toHaveFocus();
  });

  it('shows a refused password beside the field and empties it', async () => {
    const onSubmit = vi.fn(async () => 'The email or password is incorrect.');
    render(PasswordConfirmationDialog, { open: true, onSubmit, onCancel: vi.fn() });
    const field = screen.getByLabelText('Password');
    await fireEvent.input(field, { target: { value: 'wrong' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('The email or password is incorrect.')).toBeInTheDocument();
    expect(onSubmit).toHaveBeenCalledWith('wrong');
    expect(field).toHaveValue('');
    expect(field).toHaveAttribute('aria-invalid', 'true');
  });

  it('asks for a password before sending anything', async () => {
    const onSubmit = vi.fn();
    render(PasswordConfirmationDialog, { open: true, onSubmit, onCancel: vi.fn() });
    await fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('cancels on Escape', async () => {
    const onCancel = vi.fn();
    render(PasswordConfirmationDialog, { open: true, onSubmit: vi.fn(), onCancel });
    await fireEvent.keyDown(screen.getByLabelText('Password'), { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
