import type { Locator, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expireRecentPasswordEntry, generateToken, openGenerateForm, signUp, tokenRow } from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

let browser: BrowserSession;

beforeEach(async () => {
  browser = await openBrowser();
});

afterEach(async () => {
  await browser.close();
});

/** True when the element's centre is on screen and is the element itself, not something covering it. */
async function inPlainView(page: Page, element: Locator) {
  const box = await element.boundingBox();
  const viewport = page.viewportSize();
  if (!box || !viewport) return false;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  if (box.y < 0 || box.y + box.height > viewport.height) return false;
  return element.evaluate((node, point) => node.contains(document.elementFromPoint(point.x, point.y)), { x, y });
}

describe('dialogs', () => {
  it('stay where they are when a message appears inside them', async () => {
    const { page } = browser;
    const email = await signUp(page);
    await generateToken(page, { name: 'steady' });
    const row = tokenRow(page, 'steady');
    await row.getByRole('button', { name: 'Revoke steady' }).click();
    await page.getByRole('dialog', { name: 'Revoke token?' }).getByRole('button', { name: 'Revoke' }).click();
    expireRecentPasswordEntry(email);
    await row.getByRole('button', { name: 'Restore steady' }).click();
    await page.getByRole('dialog', { name: 'Restore token?' }).getByRole('button', { name: 'Restore' }).click();

    const prompt = page.getByRole('dialog', { name: 'Confirm your password' });
    await prompt.getByLabel('Password').waitFor();
    const before = await prompt.boundingBox();
    await prompt.getByLabel('Password').fill('not my password');
    await prompt.getByRole('button', { name: 'Confirm' }).click();
    await prompt.getByText('The password is incorrect.').waitFor();
    const after = await prompt.boundingBox();
    expect(after?.height).toBeGreaterThan(before?.height ?? 0);
    expect(after?.y).toBe(before?.y);
  });

  it('keep the Generate button in view on a phone, also once an error scrolled the form', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 375, height: 667 });
    await signUp(page);
    const form = await openGenerateForm(page);
    const generate = form.getByRole('button', { name: 'Generate', exact: true });
    await form.getByRole('checkbox', { name: 'profile:read', exact: true }).waitFor();
    expect(await inPlainView(page, generate)).toBe(true);

    // The form is taller than the phone: errors at its top and bottom, focus scrolled to the first.
    await generate.click();
    await form.getByText('Give the token a name.').waitFor();
    expect(await inPlainView(page, generate)).toBe(true);
    expect(await inPlainView(page, form.getByRole('button', { name: 'Cancel' }))).toBe(true);

    await form.evaluate((dialog) => dialog.scrollTo({ top: dialog.scrollHeight / 2 }));
    expect(await inPlainView(page, generate)).toBe(true);
    await form.getByLabel('Token Name').fill('from-a-phone');
    await form.getByRole('checkbox', { name: 'profile:read', exact: true }).check();
    await generate.click();
    await page.getByRole('dialog', { name: 'Token Successfully Generated' }).waitFor();
  });
});
