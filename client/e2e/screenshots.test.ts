import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, it } from 'vitest';
import {
  expireRecentPasswordEntry,
  fillPasswordForm,
  openGenerateForm,
  openPasswordPage,
  PASSWORD,
  seedTokens,
  signUp,
  tokenRow,
} from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

const screenshots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

let browser: BrowserSession | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe.each(['light', 'dark'] as const)('screenshots in the %s theme', (theme) => {
  it('captures the sign-in page, the tokens page, the generate form and the secret modal', async () => {
    await mkdir(screenshots, { recursive: true });
    browser = await openBrowser({ colorScheme: theme });
    const { page } = browser;
    const save = (name: string) => page.screenshot({ path: path.join(screenshots, `${name}-${theme}.png`) });
    // Parked off-screen so no caret or hover state lands in the pictures.
    const settle = () => page.mouse.move(0, 799);

    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await save('sign-in');

    const email = await signUp(page, `ada-${theme}@example.com`);
    await seedTokens(page);
    await settle();
    await save('tokens');

    const form = await openGenerateForm(page);
    await form.getByLabel('Token Name').fill('release-bot');
    await form.getByLabel('Expiration').selectOption({ label: '90 days' });
    await form.getByRole('checkbox', { name: 'tokens:read', exact: true }).check();
    await form.getByRole('checkbox', { name: 'reports:write', exact: true }).check();
    await form.getByLabel('Token Name').focus();
    // Tall enough for the whole form, the operator's service included.
    const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
    await page.setViewportSize({ ...viewport, height: 1000 });
    await settle();
    await save('generate-form');
    await page.setViewportSize(viewport);

    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    const modal = page.getByRole('dialog', { name: 'Token Successfully Generated' });
    await modal.waitFor();
    await modal.getByRole('button', { name: 'Copy' }).click();
    await modal.getByRole('button', { name: 'Copied' }).waitFor();
    await settle();
    await save('secret-modal');
    await modal.getByRole('button', { name: 'I have saved it' }).click();
    await modal.waitFor({ state: 'hidden' });

    expireRecentPasswordEntry(email);
    await tokenRow(page, 'old-laptop').getByRole('button', { name: 'Restore old-laptop' }).click();
    const restoreDialog = page.getByRole('dialog', { name: 'Restore token?' });
    await restoreDialog.getByRole('button', { name: 'Restore' }).click();
    const prompt = page.getByRole('dialog', { name: 'Confirm your password' });
    await prompt.waitFor();
    await settle();
    await save('password-confirmation');
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    await prompt.waitFor({ state: 'hidden' });
    await restoreDialog.getByRole('button', { name: 'Cancel' }).click();
    await restoreDialog.waitFor({ state: 'hidden' });

    await page.setViewportSize({ width: 390, height: 844 });
    await settle();
    await page.screenshot({ path: path.join(screenshots, `tokens-mobile-${theme}.png`), fullPage: true });
  });

  it('captures the password page', async () => {
    await mkdir(screenshots, { recursive: true });
    browser = await openBrowser({ colorScheme: theme });
    const { page } = browser;
    await signUp(page, `grace-${theme}@example.com`);
    const section = await openPasswordPage(page);
    await fillPasswordForm(section, {
      current: PASSWORD,
      next: 'a brand new passphrase',
      confirmation: 'a brand new passphrase?',
      revokeAllTokens: true,
    });
    await section.getByRole('button', { name: 'Change password' }).click();
    await section.getByText('The passwords do not match.').waitFor();
    // The refused confirmation is selected for retyping; a caret reads better in a picture.
    await page.keyboard.press('End');
    await page.mouse.move(0, 799);
    await page.screenshot({ path: path.join(screenshots, `password-${theme}.png`) });
  });
});
