import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ScopesQuery } from '$lib/graphql/graphql';
import GenerateTokenForm from './GenerateTokenForm.svelte';
import type { TokenFormErrors } from './token-form';

const scopes: ScopesQuery['scopes'] = [
  { scope: 'PROFILE_READ', name: 'profile:read', description: "Read your account's email address." },
  { scope: 'TOKENS_READ', name: 'tokens:read', description: 'List and read your personal access tokens.' },
];

function renderForm(result: TokenFormErrors | undefined = undefined) {
  const onSubmit = vi.fn(async () => result);
  const onCancel = vi.fn();
  render(GenerateTokenForm, { scopes, onSubmit, onCancel, now: new Date('2026-03-01T12:00:00.000Z') });
  return { onSubmit, onCancel };
}

const nameField = () => screen.getByRole('textbox', { name: /Token Name/ });
const generate = () => fireEvent.click(screen.getByRole('button', { name: 'Generate' }));

describe('GenerateTokenForm', () => {
  it('offers a name, the four expirations and a checkbox per permission with its description', () => {
    renderForm();
    expect(nameField()).toBeRequired();
    const expiration = screen.getByRole('combobox', { name: 'Expiration' });
    expect([...(expiration as HTMLSelectElement).options].map((option) => option.text)).toEqual([
      '30 days',
      '60 days',
      '90 days',
      '1 year',
    ]);
    expect(screen.getByText('Mar 31, 2026')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'tokens:read' })).toHaveAccessibleDescription(
      'List and read your personal access tokens.',
    );
  });

  it('asks for a name and at least one permission before generating', async () => {
    const { onSubmit } = renderForm();
    await generate();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(nameField()).toHaveAccessibleDescription(/Give the token a name\./);
    expect(nameField()).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('group', { name: /Permissions/ })).toHaveAccessibleDescription(
      /Choose at least one permission\./,
    );
    expect(nameField()).toHaveFocus();
  });

  it('refuses names longer than 100 characters', async () => {
    const { onSubmit } = renderForm();
    await fireEvent.input(nameField(), { target: { value: 'x'.repeat(101) } });
    await fireEvent.click(screen.getByRole('checkbox', { name: 'tokens:read' }));
    await generate();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(nameField()).toHaveAccessibleDescription(/Names are at most 100 characters\./);
    expect(screen.getByText('101/100')).toBeInTheDocument();
  });

  it('clears an error as soon as it is corrected', async () => {
    renderForm();
    await generate();
    await fireEvent.input(nameField(), { target: { value: 'deploy-bot' } });
    expect(nameField()).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText('Give the token a name.')).not.toBeInTheDocument();
    expect(screen.getByText('Choose at least one permission.')).toBeInTheDocument();
  });

  it('sends the trimmed name, the expiration and the chosen permissions', async () => {
    const { onSubmit } = renderForm();
    await fireEvent.input(nameField(), { target: { value: '  deploy-bot  ' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Expiration' }), { target: { value: 'DAYS_90' } });
    await fireEvent.click(screen.getByRole('checkbox', { name: 'tokens:read' }));
    await fireEvent.click(screen.getByRole('checkbox', { name: 'profile:read' }));
    await generate();
    expect(onSubmit).toHaveBeenCalledWith({
      name: 'deploy-bot',
      expiration: 'DAYS_90',
      scopes: ['PROFILE_READ', 'TOKENS_READ'],
    });
  });

  it('shows a name the server says is taken beside the name field', async () => {
    renderForm({ name: 'You already have a token named "deploy-bot".' });
    await fireEvent.input(nameField(), { target: { value: 'deploy-bot' } });
    await fireEvent.click(screen.getByRole('checkbox', { name: 'tokens:read' }));
    await generate();
    expect(await screen.findByText('You already have a token named "deploy-bot".')).toBeInTheDocument();
    expect(nameField()).toHaveAccessibleDescription(/already have a token named/);
    expect(nameField()).toHaveFocus();
  });

  it('shows the token limit above the buttons', async () => {
    renderForm({ form: 'You have reached the limit of 100 tokens. Delete tokens you no longer need.' });
    await fireEvent.input(nameField(), { target: { value: 'one too many' } });
    await fireEvent.click(screen.getByRole('checkbox', { name: 'tokens:read' }));
    await generate();
    expect(await screen.findByRole('alert')).toHaveTextContent('You have reached the limit of 100 tokens.');
  });

  it('cancels without submitting', async () => {
    const { onSubmit, onCancel } = renderForm();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledOnce();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
