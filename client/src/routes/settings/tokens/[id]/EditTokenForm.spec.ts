import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import EditTokenForm from './EditTokenForm.svelte';
import type { EditTokenErrors } from './edit-token';

const now = new Date('2026-03-01T12:00:00.000Z');
const token = {
  name: 'deploy-bot',
  description: null,
  permissions: ['reports:read', 'tokens:read'],
  expiresAt: '2026-04-15T12:00:00.000Z',
};

function renderForm(result: EditTokenErrors | undefined = undefined) {
  const onSubmit = vi.fn(async () => result);
  const onCancel = vi.fn();
  render(EditTokenForm, { token, onSubmit, onCancel, now });
  return { onSubmit, onCancel };
}

const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

describe('EditTokenForm', () => {
  it('starts from the token, offering only the permissions it has and expiries no later than its own', () => {
    renderForm();
    expect(screen.getByRole('textbox', { name: 'Token Name' })).toHaveValue('deploy-bot');
    expect(screen.getByRole('textbox', { name: 'Description' })).toHaveValue('');
    expect(
      screen.getAllByRole('checkbox').map((box) => [box.getAttribute('value'), (box as HTMLInputElement).checked]),
    ).toEqual([
      ['reports:read', true],
      ['tokens:read', true],
    ]);
    const expiration = screen.getByRole('combobox', { name: 'Expiration' }) as HTMLSelectElement;
    expect([...expiration.options].map((option) => option.text)).toEqual([
      'Keep: Apr 15, 2026',
      '7 days from now',
      '30 days from now',
      'Earlier date…',
    ]);
  });

  it('sends only what changed: the new description, a removed permission and a shorter preset', async () => {
    const { onSubmit } = renderForm();
    await fireEvent.input(screen.getByRole('textbox', { name: 'Description' }), {
      target: { value: 'Nightly reports' },
    });
    await fireEvent.click(screen.getByRole('checkbox', { name: 'reports:read' }));
    await fireEvent.change(screen.getByRole('combobox', { name: 'Expiration' }), { target: { value: 'DAYS_7' } });
    await save();
    expect(onSubmit).toHaveBeenCalledWith({
      description: 'Nightly reports',
      permissions: ['tokens:read'],
      expiration: 'DAYS_7',
    });
  });

  it('refuses taking every permission away, and a date past the current expiry, before sending', async () => {
    const { onSubmit } = renderForm();
    await fireEvent.click(screen.getByRole('checkbox', { name: 'reports:read' }));
    await fireEvent.click(screen.getByRole('checkbox', { name: 'tokens:read' }));
    await fireEvent.change(screen.getByRole('combobox', { name: 'Expiration' }), { target: { value: 'CUSTOM' } });
    const date = screen.getByLabelText('Expiration date');
    expect(date).toHaveAttribute('max', '2026-04-15');
    await fireEvent.input(date, { target: { value: '2026-05-01' } });
    await save();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Keep at least one permission, or revoke the token.')).toBeInTheDocument();
    expect(date).toHaveAccessibleDescription(/Choose a date from 2026-03-03 to 2026-04-15\./);
  });

  it('shows what the API refused beside its field, and cancels without sending when nothing changed', async () => {
    const { onSubmit, onCancel } = renderForm({ name: 'You already have a token named "ci".' });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Token Name' }), { target: { value: 'ci' } });
    await save();
    expect(onSubmit).toHaveBeenCalledWith({ name: 'ci' });
    expect(screen.getByRole('textbox', { name: 'Token Name' })).toHaveAccessibleDescription(
      /You already have a token named "ci"\./,
    );
    await fireEvent.input(screen.getByRole('textbox', { name: 'Token Name' }), { target: { value: 'deploy-bot' } });
    await save();
    expect(onCancel).toHaveBeenCalled();
  });
});
