import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import GenerateTokenButton from './GenerateTokenButton.svelte';

describe('GenerateTokenButton', () => {
  it('shows how many tokens the account holds of how many it may', async () => {
    const onGenerate = vi.fn();
    render(GenerateTokenButton, { count: 28, limit: 100, onGenerate });
    expect(screen.getByText('28 of 100 tokens')).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Generate New Token' });
    expect(button).toHaveAttribute('aria-disabled', 'false');
    expect(button).toHaveAccessibleDescription('28 of 100 tokens');
    await fireEvent.click(button);
    expect(onGenerate).toHaveBeenCalledOnce();
  });

  it('is disabled at the limit, and says why before anything is submitted', async () => {
    const onGenerate = vi.fn();
    render(GenerateTokenButton, { count: 100, limit: 100, onGenerate });
    const button = screen.getByRole('button', { name: 'Generate New Token' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAccessibleDescription(
      'You have reached the limit of 100 tokens. Delete tokens you no longer need to generate another.',
    );
    await fireEvent.click(button);
    expect(onGenerate).not.toHaveBeenCalled();
  });

  it('offers Generate while the count is still loading', async () => {
    const onGenerate = vi.fn();
    render(GenerateTokenButton, { count: null, limit: null, onGenerate });
    await fireEvent.click(screen.getByRole('button', { name: 'Generate New Token' }));
    expect(onGenerate).toHaveBeenCalledOnce();
  });
});
