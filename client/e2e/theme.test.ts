import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, signUp } from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

let browser: BrowserSession | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/** The theme and page background at the moment <body> is parsed, before anything can be painted. */
async function recordThemeAtFirstBody(session: BrowserSession) {
  await session.context.addInitScript(() => {
    const record = () => {
      const root = document.documentElement;
      (window as unknown as { themeAtFirstBody?: string | undefined }).themeAtFirstBody = root.dataset.theme;
    };
    new MutationObserver((_changes, observer) => {
      if (document.body) {
        record();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

const themeRadio = (page: Page, name: 'Light' | 'Dark' | 'System') =>
  page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name, exact: true });

const theme = (session: BrowserSession) =>
  session.page.evaluate(() => ({
    applied: document.documentElement.dataset.theme,
    atFirstBody: (window as unknown as { themeAtFirstBody?: string }).themeAtFirstBody,
    background: getComputedStyle(document.body).backgroundColor,
    stored: localStorage.getItem('latchkey-theme'),
  }));

describe('themes', () => {
  it('follows the system colour scheme', async () => {
    browser = await openBrowser({ colorScheme: 'dark' });
    await recordThemeAtFirstBody(browser);
    await browser.page.goto('/sign-in');
    expect(await theme(browser)).toEqual({
      applied: 'dark',
      atFirstBody: 'dark',
      background: 'rgb(13, 17, 23)',
      stored: null,
    });
  });

  it('switches with the theme choice and remembers it across reloads, without a flash of the other theme', async () => {
    browser = await openBrowser({ colorScheme: 'light' });
    const { page } = browser;
    await recordThemeAtFirstBody(browser);
    await signUp(page);
    expect((await theme(browser)).background).toBe('rgb(255, 255, 255)');
    expect(await themeRadio(page, 'System').isChecked()).toBe(true);

    await themeRadio(page, 'Dark').check();
    expect(await theme(browser)).toMatchObject({ applied: 'dark', stored: 'dark', background: 'rgb(13, 17, 23)' });

    await page.reload();
    await eventually(() => themeRadio(page, 'Dark').isChecked()).toBe(true);
    expect(await theme(browser)).toEqual({
      applied: 'dark',
      atFirstBody: 'dark',
      background: 'rgb(13, 17, 23)',
      stored: 'dark',
    });

    await themeRadio(page, 'Light').check();
    await page.reload();
    await eventually(() => themeRadio(page, 'Light').isChecked()).toBe(true);
    expect(await theme(browser)).toMatchObject({ applied: 'light', atFirstBody: 'light', stored: 'light' });
  });

  it('keeps a remembered choice over the system colour scheme', async () => {
    browser = await openBrowser({ colorScheme: 'dark' });
    const { page } = browser;
    await recordThemeAtFirstBody(browser);
    await page.goto('/sign-in');
    await themeRadio(page, 'Light').check();
    await page.reload();
    await eventually(() => themeRadio(page, 'Light').isChecked()).toBe(true);
    expect(await theme(browser)).toMatchObject({ applied: 'light', atFirstBody: 'light', stored: 'light' });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.emulateMedia({ colorScheme: 'dark' });
    expect((await theme(browser)).applied).toBe('light');
  });

  it('goes back to following the system, which it then tracks as it changes, after a reload too', async () => {
    const session = await openBrowser({ colorScheme: 'light' });
    browser = session;
    const { page } = session;
    await recordThemeAtFirstBody(session);
    await page.goto('/sign-in');
    await themeRadio(page, 'Dark').check();
    expect(await theme(browser)).toMatchObject({ applied: 'dark', stored: 'dark' });

    await themeRadio(page, 'System').check();
    expect(await theme(browser)).toMatchObject({ applied: 'light', stored: null, background: 'rgb(255, 255, 255)' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await eventually(async () => (await theme(session)).applied).toBe('dark');

    await page.reload();
    await eventually(() => themeRadio(page, 'System').isChecked()).toBe(true);
    expect(await theme(browser)).toMatchObject({ applied: 'dark', atFirstBody: 'dark', stored: null });
    await page.emulateMedia({ colorScheme: 'light' });
    await eventually(async () => (await theme(session)).applied).toBe('light');
  });
});
