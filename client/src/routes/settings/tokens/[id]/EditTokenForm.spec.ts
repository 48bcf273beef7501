import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import EditTokenForm from './EditTokenForm.svelte';
import type { EditableToken, EditTokenErrors } from './edit-token';

const now = new Date('2026-03-01T12:00:00.000Z');
const token = {
  name: 'deploy-bot',
  description: null,
  permissions: ['reports:read', 'tokens:read'],
  expiresAt: '2026-04-15T12:00:00.000Z',
  allowedAddresses: [],
  rateLimit: null,
  quota: null,
};

function renderForm(result: EditTokenErrors | undefined = undefined, edited: EditableToken = token) {
  const onSubmit = vi.fn(async () => result);
  const onCancel = vi.fn();
  render(EditTokenForm, { token: edited, onSubmit, onCancel, now });
  return { onSubmit, onCancel };
}

const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

describe('EditTokenForm', () => {
  it('starts from what a refused post had typed, with the reasons beside their fields', () => {
    render(EditTokenForm, {
      token,
      onSubmit: vi.fn(),
      onCancel: vi.fn(),
      now,
      action: '?/update',
      initial: {
        name: 'taken-name',
        description: 'Nightly reports',
        permissions: ['tokens:read'],
        expiration: 'DAYS_7',
        customDate: '',
        restrictions: {
          allowedAddresses: '',
          rateLimitRequests: '',
          rateLimitWindowSeconds: '60',
          quotaUses: '',
          quotaRefill: 'NEVER',
        },
      },
      initialErrors: { name: 'You already have a token named "taken-name".' },
    });
    const name = screen.getByRole('textbox', { name: 'Token Name' });
    expect(name).toHaveValue('taken-name');
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name).toHaveAccessibleDescription(/You already have a token named "taken-name"\./);
    expect(screen.getByRole('textbox', { name: 'Description' })).toHaveValue('Nightly reports');
    expect(screen.getByRole('checkbox', { name: 'reports:read' })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'tokens:read' })).toBeChecked();
    expect(screen.getByRole('combobox', { name: 'Expiration' })).toHaveValue('DAYS_7');
    expect(screen.getByRole('form', { name: 'Edit token' })).toHaveAttribute('action', '?/update');
  });

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

  it('starts from the token’s restrictions, and sends a new allowlist, the rate limit removed and a new quota', async () => {
    const { onSubmit } = renderForm(undefined, {
      ...token,
      allowedAddresses: ['10.0.0.0/8'],
      rateLimit: { requests: 2, windowSeconds: 60 },
      quota: { uses: 5, refill: 'MONTH' },
    });
    const addresses = screen.getByRole('textbox', { name: 'Allowed addresses' });
    expect(addresses).toHaveValue('10.0.0.0/8');
    expect(screen.getByRole('textbox', { name: 'Rate limit' })).toHaveValue('2');
    expect(screen.getByRole('combobox', { name: 'Rate limit window' })).toHaveValue('60');
    expect(screen.getByRole('textbox', { name: 'Quota' })).toHaveValue('5');
    expect(screen.getByRole('combobox', { name: 'Quota refill' })).toHaveValue('MONTH');

    await fireEvent.input(addresses, { target: { value: '10.0.0.0/8\n192.168.1.0/24' } });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Rate limit' }), { target: { value: '' } });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Quota' }), { target: { value: '50' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Quota refill' }), { target: { value: 'DAY' } });
    await save();
    expect(onSubmit).toHaveBeenCalledWith({
      allowedAddresses: ['10.0.0.0/8', '192.168.1.0/24'],
      removeRateLimit: true,
      quota: { uses: 50, refill: 'DAY' },
    });
  });

  it('removes the allowlist and the quota when their fields are emptied', async () => {
    const { onSubmit } = renderForm(undefined, {
      ...token,
      allowedAddresses: ['10.0.0.0/8'],
      quota: { uses: 5, refill: null },
    });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Allowed addresses' }), { target: { value: ' ' } });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Quota' }), { target: { value: '' } });
    await save();
    expect(onSubmit).toHaveBeenCalledWith({ allowedAddresses: [], removeQuota: true });
  });

  it('shows a delegation refusal from the API beside the rate limit', async () => {
    renderForm({ rateLimit: 'A rate-limited token may only leave tokens limited at least as tightly.' });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Rate limit' }), { target: { value: '10' } });
    await save();
    expect(screen.getByRole('textbox', { name: 'Rate limit' })).toHaveAccessibleDescription(
      /^A rate-limited token may only leave tokens limited at least as tightly\./,
    );
  });
});
