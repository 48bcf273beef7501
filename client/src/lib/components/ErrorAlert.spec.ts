import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import ErrorAlert from './ErrorAlert.svelte';

describe('ErrorAlert', () => {
  it('announces what went wrong as an alert', () => {
    render(ErrorAlert, { message: 'Signing in failed. Check your connection and try again.' });
    expect(screen.getByRole('alert')).toHaveTextContent('Signing in failed. Check your connection and try again.');
  });

  it('offers a way out inside the alert', () => {
    const action = createRawSnippet(() => ({ render: () => '<button type="button">Try again</button>' }));
    render(ErrorAlert, { message: 'Your tokens could not be loaded.', action });
    expect(screen.getByRole('alert')).toContainElement(screen.getByRole('button', { name: 'Try again' }));
  });
});
