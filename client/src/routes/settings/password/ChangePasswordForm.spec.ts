import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ChangePasswordForm from './ChangePasswordForm.svelte';
import type { PasswordChangeOutcome } from './password-form';

const CURRENT = 'correct horse battery staple';
const NEXT = 'tr0ub4dor and a longer tail';

function renderForm(outcome: PasswordChangeOutcome = { summary: 'Password changed.' }) {
  const onSubmit = vi.fn(async () => outcome);
  render(ChangePasswordForm, { onSubmit });
  return { onSubmit };
}

const current = () => screen.getByLabelText('Current password');
const next = () => screen.getByLabelText('New password');
const confirmation = () => screen.getByLabelText('Confirm new password');
const revokeAll = () => screen.getByRole('checkbox', { name: 'Also revoke all my active tokens' });
const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Change password' }));

async function fill(values: { current?: string; next?: string; confirmation?: string }) {
  if (values.current !== undefined) await fireEvent.input(current(), { target: { value: values.current } });
  if (values.next !== undefined) await fireEvent.input(next(), { target: { value: values.next } });
  if (values.confirmation !== undefined) {
    await fireEvent.input(confirmation(), { target: { value: values.confirmation } });
  }
}

describe('ChangePasswordForm', () => {
  it('labels three password fields for password managers, and explains when to revoke every token', () => {
    renderForm();
    expect(current()).toHaveAttribute('autocomplete', 'current-password');
    expect(next()).toHaveAttribute('autocomplete', 'new-password');
    expect(confirmation()).toHaveAttribute('autocomplete', 'new-password');
    for (const field of [current(), next(), confirmation()]) expect(field).toHaveAttribute('type', 'password');
    expect(next()).toHaveAccessibleDescription('At least 8 characters.');
    expect(revokeAll()).not.toBeChecked();
    expect(revokeAll()).toHaveAccessibleDescription(/old password may have leaked/);
  });

  it('asks for every field before sending anything, beside each field, with focus on the first', async () => {
    const { onSubmit } = renderForm();
    await submit();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(current()).toHaveAccessibleDescription('Enter your current password.');
    expect(next()).toHaveAccessibleDescription(/Use at least 8 characters\./);
    expect(confirmation()).toHaveAccessibleDescription('Enter the new password again.');
    for (const field of [current(), next(), confirmation()]) expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(current()).toHaveFocus();
  });

  it('says when the confirmation does not match, and stops saying so once it does', async () => {
    const { onSubmit } = renderForm();
    await fill({ current: CURRENT, next: NEXT, confirmation: `${NEXT}!` });
    await submit();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(confirmation()).toHaveAccessibleDescription('The passwords do not match.');
    expect(confirmation()).toHaveFocus();
    expect(current()).not.toHaveAttribute('aria-invalid');
    expect(next()).not.toHaveAttribute('aria-invalid');

    await fill({ confirmation: NEXT });
    expect(confirmation()).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText('The passwords do not match.')).not.toBeInTheDocument();
  });

  it('refuses a new password that is too long, or the same as the current one', async () => {
    const { onSubmit } = renderForm();
    await fill({ current: CURRENT, next: 'x'.repeat(129), confirmation: 'x'.repeat(129) });
    await submit();
    expect(next()).toHaveAccessibleDescription(/Use at most 128 characters\./);

    await fill({ next: CURRENT, confirmation: CURRENT });
    expect(next()).toHaveAccessibleDescription(/Choose a password different from your current one\./);
    await submit();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends both passwords and the revoke choice, then shows the outcome and empties every field', async () => {
    const summary = 'Password changed. 2 other sessions were signed out; 3 tokens were revoked.';
    const { onSubmit } = renderForm({ summary });
    await fill({ current: CURRENT, next: NEXT, confirmation: NEXT });
    await fireEvent.click(revokeAll());
    await submit();
    expect(onSubmit).toHaveBeenCalledWith({ currentPassword: CURRENT, newPassword: NEXT, revokeAllTokens: true });
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent(summary);
    expect(status).toHaveFocus();
    for (const field of [current(), next(), confirmation()]) {
      expect(field).toHaveValue('');
      expect(field).not.toHaveAttribute('aria-invalid');
    }
    expect(revokeAll()).not.toBeChecked();
  });

  it('shows a wrong current password beside that field, selected for retyping', async () => {
    renderForm({ errors: { currentPassword: 'Your current password is incorrect.' } });
    await fill({ current: 'not it at all', next: NEXT, confirmation: NEXT });
    await submit();
    expect(await screen.findByText('Your current password is incorrect.')).toBeInTheDocument();
    expect(current()).toHaveAccessibleDescription('Your current password is incorrect.');
    expect(current()).toHaveAttribute('aria-invalid', 'true');
    expect(current()).toHaveFocus();
    expect(next()).toHaveValue(NEXT);
  });

  it("shows the API's objection to the new password beside it", async () => {
    renderForm({ errors: { newPassword: 'Passwords are at most 128 characters.' } });
    await fill({ current: CURRENT, next: NEXT, confirmation: NEXT });
    await submit();
    expect(await screen.findByText('Passwords are at most 128 characters.')).toBeInTheDocument();
    expect(next()).toHaveAccessibleDescription(/Passwords are at most 128 characters\./);
    expect(next()).toHaveFocus();
  });

  it('shows a rate limit above the button, as an alert', async () => {
    renderForm({ errors: { form: 'Too many attempts with a wrong password. Try again in 15 minutes.' } });
    await fill({ current: CURRENT, next: NEXT, confirmation: NEXT });
    await submit();
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 15 minutes.');
    expect(current()).not.toHaveAttribute('aria-invalid');
  });

  it('shows what the form action answered a post made without JavaScript', () => {
    render(ChangePasswordForm, {
      onSubmit: vi.fn(),
      posted: { errors: { currentPassword: 'Your current password is incorrect.' }, revokeAllTokens: true },
    });
    expect(current()).toHaveAccessibleDescription('Your current password is incorrect.');
    expect(revokeAll()).toBeChecked();
    expect(current()).toHaveValue('');
  });

  it("shows the action's summary once the password was changed without JavaScript", () => {
    render(ChangePasswordForm, {
      onSubmit: vi.fn(),
      posted: { summary: 'Password changed. No other session was signed in.' },
    });
    expect(screen.getByRole('status')).toHaveTextContent('Password changed. No other session was signed in.');
  });
});
