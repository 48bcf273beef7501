import { afterEach, describe, expect, it } from 'vitest';
import { signUp } from './support/app';
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

  it('switches with the toggle and remembers the choice across reloads, without a flash of the other theme', async () => {
    browser = await openBrowser({ colorScheme: 'light' });
    const { page } = browser;
    await recordThemeAtFirstBody(browser);
    await signUp(page);
    expect((await theme(browser)).background).toBe('rgb(255, 255, 255)');

    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    expect(await theme(browser)).toMatchObject({ applied: 'dark', stored: 'dark', background: 'rgb(13, 17, 23)' });

    await page.reload();
    await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
    expect(await theme(browser)).toEqual({
      applied: 'dark',
      atFirstBody: 'dark',
      background: 'rgb(13, 17, 23)',
      stored: 'dark',
    });

    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.reload();
    await page.getByRole('button', { name: 'Switch to dark theme' }).waitFor();
    expect(await theme(browser)).toMatchObject({ applied: 'light', atFirstBody: 'light', stored: 'light' });
  });

  it('keeps a remembered choice over the system colour scheme', async () => {
    browser = await openBrowser({ colorScheme: 'dark' });
    const { page } = browser;
    await recordThemeAtFirstBody(browser);
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.reload();
    await page.getByRole('button', { name: 'Switch to dark theme' }).waitFor();
    expect(await theme(browser)).toMatchObject({ applied: 'light', atFirstBody: 'light', stored: 'light' });
  });
});
