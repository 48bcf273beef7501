import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import StatusBadge from './StatusBadge.svelte';

describe('StatusBadge', () => {
  it.each([
    ['ACTIVE', 'Active', 'badge--active'],
    ['REVOKED', 'Revoked', 'badge--revoked'],
    ['EXPIRED', 'Expired', 'badge--expired'],
  ] as const)('shows %s as the word "%s" in its colour', (status, word, colourClass) => {
    render(StatusBadge, { status });
    const badge = screen.getByText(word);
    expect(badge).toHaveClass('badge', colourClass);
    expect(badge).toHaveAttribute('data-status', status);
  });
});
