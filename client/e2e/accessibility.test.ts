import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
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

let browser: BrowserSession | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/** Serious and critical axe violations, described well enough to fix from the test output. */
async function seriousViolations(page: Page) {
  // Colours are judged as they settle: axe reading a button halfway through its hover transition (80 ms) saw a
  // mix of two colours with too little contrast, once, on a busy machine.
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((animation) => !(animation instanceof CSSTransition) || animation.playState !== 'running'),
  );
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

describe.each(['light', 'dark'] as const)('accessibility in the %s theme', (colorScheme) => {
  it('has no serious or critical violations on the sign-in page, the tokens page, the form and every dialog', async () => {
    browser = await openBrowser({ colorScheme });
    const { page } = browser;

    await page.goto('/sign-in?redirectTo=%2Fsettings%2Ftokens');
    expect(await seriousViolations(page), 'sign-in page').toEqual([]);

    const email = await signUp(page);
    await page.getByText('You have no personal access tokens yet').waitFor();
    expect(await seriousViolations(page), 'empty state').toEqual([]);

    await seedTokens(page);
    expect(await seriousViolations(page), 'tokens page').toEqual([]);

    const form = await openGenerateForm(page);
    expect(await seriousViolations(page), 'generate form').toEqual([]);
    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    await form.getByText('Give the token a name.').waitFor();
    expect(await seriousViolations(page), 'generate form with errors').toEqual([]);
    await form.getByLabel('Token Name').fill('a11y-check');
    await form.getByRole('checkbox', { name: 'profile:read' }).check();
    await form.getByRole('button', { name: 'Generate', exact: true }).click();

    const modal = page.getByRole('dialog', { name: 'Token Successfully Generated' });
    await modal.waitFor();
    expect(await seriousViolations(page), 'secret modal').toEqual([]);
    await modal.getByRole('button', { name: 'I have saved it' }).click();
    await modal.waitFor({ state: 'hidden' });

    await tokenRow(page, 'a11y-check').getByRole('button', { name: 'Revoke a11y-check' }).click();
    const revokeDialog = page.getByRole('dialog', { name: 'Revoke token?' });
    await revokeDialog.waitFor();
    expect(await seriousViolations(page), 'revoke confirmation').toEqual([]);
    await revokeDialog.getByRole('button', { name: 'Revoke' }).click();

    await tokenRow(page, 'a11y-check').getByRole('button', { name: 'Delete a11y-check' }).click();
    const deleteDialog = page.getByRole('dialog', { name: 'Delete token permanently?' });
    await deleteDialog.waitFor();
    expect(await seriousViolations(page), 'delete confirmation').toEqual([]);
    await deleteDialog.getByRole('button', { name: 'Cancel' }).click();
    await deleteDialog.waitFor({ state: 'hidden' });

    expireRecentPasswordEntry(email);
    await tokenRow(page, 'a11y-check').getByRole('button', { name: 'Restore a11y-check' }).click();
    const prompt = page.getByRole('dialog', { name: 'Confirm your password' });
    await prompt.waitFor();
    expect(await seriousViolations(page), 'password confirmation').toEqual([]);
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    await prompt.waitFor({ state: 'hidden' });
  });

  it('has no serious or critical violations on the password page, with errors, the revoke option and the outcome', async () => {
    browser = await openBrowser({ colorScheme });
    const { page } = browser;
    await signUp(page);
    const section = await openPasswordPage(page);
    expect(await seriousViolations(page), 'password page').toEqual([]);

    await section.getByRole('button', { name: 'Change password' }).click();
    await section.getByText('Enter your current password.').waitFor();
    expect(await seriousViolations(page), 'password form with errors').toEqual([]);

    await fillPasswordForm(section, {
      current: 'wrong password',
      next: 'a brand new passphrase',
      revokeAllTokens: true,
    });
    await section.getByRole('button', { name: 'Change password' }).click();
    await section.getByText('Your current password is incorrect.').waitFor();
    expect(await seriousViolations(page), 'wrong current password, revoke option checked').toEqual([]);

    await fillPasswordForm(section, { current: PASSWORD, next: 'a brand new passphrase', revokeAllTokens: true });
    await section.getByRole('button', { name: 'Change password' }).click();
    await section.getByRole('status').waitFor();
    expect(await seriousViolations(page), 'password changed').toEqual([]);
  });
});
