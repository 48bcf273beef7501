export type Theme = 'light' | 'dark';
/** What the person chose: a theme, or to follow the system's colour scheme (nothing stored). */
export type ThemeChoice = Theme | 'system';

/** The only thing the UI keeps in localStorage. app.html reads the same key before the first paint. */
export const THEME_STORAGE_KEY = 'latchkey-theme';

export function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

export function storedChoice(): ThemeChoice {
  return storedTheme() ?? 'system';
}

export function systemTheme(): Theme {
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
}

/** Applies the choice and remembers it; "system" forgets any stored theme, as on a first visit. */
export function chooseTheme(choice: ThemeChoice) {
  try {
    if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Private modes may refuse storage; the choice then lasts for this page only.
  }
  applyTheme(choice === 'system' ? systemTheme() : choice);
}
