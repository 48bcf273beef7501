import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { THEME_STORAGE_KEY } from '$lib/theme';
import ThemePicker from './ThemePicker.svelte';

// jsdom has no matchMedia: this system prefers dark.
beforeEach(() => {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: query === '(prefers-color-scheme: dark)',
    addEventListener: () => {},
    removeEventListener: () => {},
  }));
});

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  delete document.documentElement.dataset.theme;
});

const radio = (name: string) => screen.getByRole('radio', { name });

describe('ThemePicker', () => {
  it('offers light, dark and the system’s choice, following the system until told otherwise', () => {
    render(ThemePicker);
    expect(screen.getByRole('radiogroup', { name: 'Theme' })).toBeTruthy();
    expect(screen.getAllByRole('radio').map((option) => option.getAttribute('value'))).toEqual([
      'light',
      'dark',
      'system',
    ]);
    expect(radio('System')).toBeChecked();
  });

  it('remembers a theme chosen, and forgets it when the system is chosen again', async () => {
    render(ThemePicker);
    await fireEvent.click(radio('Light'));
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
    expect(document.documentElement.dataset.theme).toBe('light');

    await fireEvent.click(radio('System'));
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('shows the remembered theme as chosen', async () => {
    localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    render(ThemePicker);
    await vi.waitFor(() => expect(radio('Dark')).toBeChecked());
  });
});
