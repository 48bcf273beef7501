import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { PermissionCatalogueQuery } from '$lib/graphql/graphql';
import EditTokenForm from './[id]/EditTokenForm.svelte';
import { editDateRange, shorterPresets } from './[id]/edit-token';
import GenerateTokenForm from './GenerateTokenForm.svelte';
import { allowedExpiration, customDateProblem, customDateRange, expirationOptionsWithin } from './token-form';

// The operator's maximum lifetime (`policies.maxTokenLifetimeDays`) as the forms apply it: longer choices are not
// offered, and the date picker stops at the limit.

const now = new Date('2026-03-01T12:00:00.000Z');

const services: PermissionCatalogueQuery['services'] = [
  {
    id: 'latchkey',
    name: 'Latchkey',
    description: 'This server.',
    permissions: [{ name: 'profile:read', description: "Read your account's email address.", implies: [] }],
  },
];

const optionTexts = () =>
  [...(screen.getByRole('combobox', { name: 'Expiration' }) as HTMLSelectElement).options].map(({ text }) => text);

describe('the expiry choices under a maximum lifetime', () => {
  it('offers only the presets within the limit, and all of them without one', () => {
    expect(expirationOptionsWithin(90).map(({ value }) => value)).toEqual(['DAYS_7', 'DAYS_30', 'DAYS_60', 'DAYS_90']);
    expect(expirationOptionsWithin(45).map(({ value }) => value)).toEqual(['DAYS_7', 'DAYS_30']);
    expect(expirationOptionsWithin(3)).toEqual([]);
    expect(expirationOptionsWithin(null)).toHaveLength(5);
  });

  it('moves a choice the limit refuses to the longest one it allows, or to a custom date', () => {
    expect(allowedExpiration('DAYS_30', 90)).toBe('DAYS_30');
    expect(allowedExpiration('YEAR_1', 90)).toBe('DAYS_90');
    expect(allowedExpiration('DAYS_30', 10)).toBe('DAYS_7');
    expect(allowedExpiration('DAYS_7', 3)).toBe('CUSTOM');
    expect(allowedExpiration('YEAR_1', null)).toBe('YEAR_1');
  });

  it('ends the custom date range at the limit, and refuses a date after it', () => {
    expect(customDateRange(now, 90)).toEqual({ min: '2026-03-03', max: '2026-05-30' });
    expect(customDateRange(now)).toEqual({ min: '2026-03-03', max: '2027-03-01' });
    expect(customDateProblem('2026-05-31', now, 90)).toBe('Choose a date from 2026-03-03 to 2026-05-30.');
    expect(customDateProblem('2026-05-30', now, 90)).toBeNull();
  });

  it('keeps an edit within both the current expiry and the limit', () => {
    const longLived = '2027-01-01T00:00:00.000Z';
    expect(shorterPresets(longLived, now, 60).map(({ value }) => value)).toEqual(['DAYS_7', 'DAYS_30', 'DAYS_60']);
    expect(editDateRange(longLived, now, 60)).toEqual({ min: '2026-03-03', max: '2026-04-30' });
    expect(editDateRange('2026-04-15T12:00:00.000Z', now, 90).max).toBe('2026-04-15');
  });
});

describe('GenerateTokenForm under a maximum lifetime', () => {
  function renderForm(maxLifetimeDays: number | null) {
    const onSubmit = vi.fn(async () => undefined);
    render(GenerateTokenForm, { services, onSubmit, onCancel: vi.fn(), now, maxLifetimeDays });
    return { onSubmit };
  }

  it('hides the expirations over the limit and stops the date picker at it', async () => {
    renderForm(90);
    expect(optionTexts()).toEqual(['7 days', '30 days', '60 days', '90 days', 'Custom date…']);
    await fireEvent.change(screen.getByRole('combobox', { name: 'Expiration' }), { target: { value: 'CUSTOM' } });
    const date = screen.getByLabelText('Expiration date');
    expect(date).toHaveAttribute('max', '2026-05-30');
    expect(date).toHaveAccessibleDescription(/From 2026-03-03 to 2026-05-30/);
  });

  it('starts on the longest allowed expiration when the usual one is over the limit', () => {
    renderForm(10);
    expect(optionTexts()).toEqual(['7 days', 'Custom date…']);
    expect(screen.getByRole('combobox', { name: 'Expiration' })).toHaveValue('DAYS_7');
  });

  it('does not send a custom date after the limit', async () => {
    const { onSubmit } = renderForm(90);
    await fireEvent.input(screen.getByRole('textbox', { name: /Token Name/ }), { target: { value: 'ci' } });
    await fireEvent.click(screen.getByRole('checkbox', { name: 'profile:read' }));
    await fireEvent.change(screen.getByRole('combobox', { name: 'Expiration' }), { target: { value: 'CUSTOM' } });
    await fireEvent.input(screen.getByLabelText('Expiration date'), { target: { value: '2026-06-15' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Expiration date')).toHaveAccessibleDescription(
      /Choose a date from 2026-03-03 to 2026-05-30\./,
    );
  });
});

describe('EditTokenForm under a maximum lifetime', () => {
  it('offers only earlier expiries within the limit', () => {
    render(EditTokenForm, {
      token: {
        name: 'old',
        description: null,
        permissions: ['profile:read'],
        expiresAt: '2027-01-01T00:00:00.000Z',
        allowedAddresses: [],
        rateLimit: null,
        quota: null,
      },
      onSubmit: vi.fn(),
      onCancel: vi.fn(),
      now,
      maxLifetimeDays: 30,
    });
    expect(optionTexts()).toEqual(['Keep: Jan 1, 2027', '7 days from now', '30 days from now', 'Earlier date…']);
  });
});
