import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import AddWebhookForm from './AddWebhookForm.svelte';

const eventTypes = [
  { type: 'token.expiring', description: 'A token expires soon.' },
  { type: 'token.leaked', description: 'A token was found exposed.' },
];

function renderForm(refusal: Record<string, string> | null = null) {
  const onSubmit = vi.fn(async () => refusal);
  render(AddWebhookForm, { eventTypes, onSubmit });
  return { onSubmit };
}

describe('AddWebhookForm', () => {
  it('sends the URL with every event chosen at first', async () => {
    const { onSubmit } = renderForm();
    await fireEvent.input(screen.getByRole('textbox', { name: 'Endpoint URL' }), {
      target: { value: ' https://example.com/hooks ' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Add endpoint' }));
    expect(onSubmit).toHaveBeenCalledWith({
      url: 'https://example.com/hooks',
      events: ['token.expiring', 'token.leaked'],
    });
  });

  it('shows the reason the API gave beside the URL, and focuses it', async () => {
    renderForm({ url: '10.0.0.1 is a private address: webhooks may only go to public addresses.' });
    const field = screen.getByRole('textbox', { name: 'Endpoint URL' });
    await fireEvent.input(field, { target: { value: 'https://10.0.0.1/' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add endpoint' }));
    expect(await screen.findByText(/is a private address/)).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(/is a private address/);
    expect(field).toHaveFocus();
  });

  it('asks for at least one event without calling the API', async () => {
    const { onSubmit } = renderForm();
    for (const type of ['token.expiring', 'token.leaked'])
      await fireEvent.click(screen.getByRole('checkbox', { name: type }));
    await fireEvent.click(screen.getByRole('button', { name: 'Add endpoint' }));
    expect(await screen.findByText('Choose at least one event.')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
