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
    await page.getByRole('status').filter({ hasText: 'Token “a11y-check” revoked.' }).waitFor();
    expect(await seriousViolations(page), 'confirmation toast').toEqual([]);

    await tokenRow(page, 'a11y-check').getByRole('button', { name: 'Delete a11y-check' }).click();
    const deleteDialog = page.getByRole('dialog', { name: 'Delete token permanently?' });
    await deleteDialog.waitFor();
    expect(await seriousViolations(page), 'delete confirmation').toEqual([]);
    await deleteDialog.getByRole('button', { name: 'Cancel' }).click();
    await deleteDialog.waitFor({ state: 'hidden' });

    expireRecentPasswordEntry(email);
    await tokenRow(page, 'a11y-check').getByRole('button', { name: 'Restore a11y-check' }).click();
    const restoreDialog = page.getByRole('dialog', { name: 'Restore token?' });
    await restoreDialog.waitFor();
    expect(await seriousViolations(page), 'restore confirmation').toEqual([]);
    await restoreDialog.getByRole('button', { name: 'Restore' }).click();
    const prompt = page.getByRole('dialog', { name: 'Confirm your password' });
    await prompt.waitFor();
    expect(await seriousViolations(page), 'password confirmation').toEqual([]);
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    await prompt.waitFor({ state: 'hidden' });
    await restoreDialog.getByRole('button', { name: 'Cancel' }).click();
    await restoreDialog.waitFor({ state: 'hidden' });
  });

  it('has no serious or critical violations on the audit log, empty, with events, expanded and filtered to nothing', async () => {
    browser = await openBrowser({ colorScheme });
    const { page } = browser;
    await signUp(page);
    await page.goto('/settings/audit');
    await page.getByText('Nothing has happened on your account yet.').waitFor();
    expect(await seriousViolations(page), 'empty audit log').toEqual([]);

    await page.goto('/settings/tokens');
    await seedTokens(page);
    await page.goto('/settings/audit');
    const table = page.getByRole('table', { name: 'Your audit log, newest first' });
    await table.and(page.locator('[aria-busy="false"]')).waitFor();
    expect(await seriousViolations(page), 'audit log').toEqual([]);

    await table.locator('summary').first().click();
    expect(await seriousViolations(page), 'audit log with a user agent expanded').toEqual([]);

    await page.getByLabel('Action').selectOption({ label: 'Password changed' });
    await page.getByText('No events match these filters.').waitFor();
    expect(await seriousViolations(page), 'audit log filtered to nothing').toEqual([]);
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

  it('has no serious or critical violations on the notifications page, with an endpoint, its secret and a refusal', async () => {
    browser = await openBrowser({ colorScheme });
    const { page } = browser;
    await signUp(page);
    await page.goto('/settings/notifications');
    await page.getByText('Email is off on this server').waitFor();
    expect(await seriousViolations(page), 'notifications page').toEqual([]);

    await page.getByRole('textbox', { name: 'Endpoint URL' }).fill('ftp://example.com/hooks');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText('The URL must start with https://').waitFor();
    expect(await seriousViolations(page), 'add endpoint with an error').toEqual([]);

    await page.getByRole('textbox', { name: 'Endpoint URL' }).fill('http://127.0.0.1:9/hooks');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secretDialog = page.getByRole('dialog', { name: 'Webhook endpoint added' });
    await secretDialog.waitFor();
    expect(await seriousViolations(page), 'webhook secret dialog').toEqual([]);
    await secretDialog.getByRole('button', { name: 'I have saved it' }).click();
    await secretDialog.waitFor({ state: 'hidden' });

    const card = page.getByRole('article', { name: 'http://127.0.0.1:9/hooks' });
    await card.getByRole('button', { name: 'Send test event' }).click();
    await card.getByRole('table').waitFor();
    expect(await seriousViolations(page), 'endpoint with a delivery').toEqual([]);

    await card.getByRole('button', { name: 'Delete' }).click();
    const deleteDialog = page.getByRole('dialog', { name: 'Delete webhook endpoint?' });
    await deleteDialog.waitFor();
    expect(await seriousViolations(page), 'delete endpoint confirmation').toEqual([]);
    await deleteDialog.getByRole('button', { name: 'Cancel' }).click();
  });
});
