import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SubmitButton from './SubmitButton.svelte';

describe('SubmitButton', () => {
  it('submits its form with the label it was given', () => {
    render(SubmitButton, { label: 'Sign in', busyLabel: 'Signing in…', busy: false });
    const button = screen.getByRole('button', { name: 'Sign in' });
    expect(button).toHaveAttribute('type', 'submit');
    expect(button).toBeEnabled();
    expect(button).not.toHaveAttribute('aria-disabled', 'true');
  });

  it('says the form is being sent, and stays focusable meanwhile', () => {
    render(SubmitButton, { label: 'Sign in', busyLabel: 'Signing in…', busy: true });
    const button = screen.getByRole('button', { name: 'Signing in…' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toBeEnabled();
    expect(button.querySelector('.spinner')).toBeInTheDocument();
  });
});
