import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import TextField from './TextField.svelte';

const field = { id: 'password', label: 'Password', type: 'password', name: 'password', value: '' } as const;

describe('TextField', () => {
  it('is a required, labelled field described by its hint', () => {
    render(TextField, { ...field, autocomplete: 'new-password', hint: 'At least 8 characters.' });
    const input = screen.getByLabelText('Password');
    expect(input).toBeRequired();
    expect(input).toHaveAttribute('autocomplete', 'new-password');
    expect(input).toHaveAccessibleDescription('At least 8 characters.');
    expect(input).not.toHaveAttribute('aria-invalid');
  });

  it('marks the field invalid and says why, before the hint', () => {
    render(TextField, {
      ...field,
      autocomplete: 'new-password',
      hint: 'At least 8 characters.',
      error: 'Use at least 8 characters.',
    });
    const input = screen.getByLabelText('Password');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('Use at least 8 characters. At least 8 characters.');
  });

  it('asks for focus when the dialog around it opens, only when told to', () => {
    const { unmount } = render(TextField, { ...field, autocomplete: 'current-password' });
    expect(screen.getByLabelText('Password')).not.toHaveAttribute('data-autofocus');
    unmount();
    render(TextField, { ...field, autocomplete: 'current-password', focusOnOpen: true });
    expect(screen.getByLabelText('Password')).toHaveAttribute('data-autofocus');
  });
});
