import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, generateToken, signUp, tokenRow } from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

let browser: BrowserSession;

beforeEach(async () => {
  browser = await openBrowser();
});

afterEach(async () => {
  await browser.close();
});

/** What has focus, by accessible-ish name, and whether it sits inside an open modal dialog. */
const focused = () =>
  browser.page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    const label = element?.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null;
    return {
      name: (element?.getAttribute('aria-label') ?? label ?? element?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      dialog: element?.closest('dialog[open]')?.getAttribute('aria-labelledby')
        ? document.getElementById(element.closest('dialog')?.getAttribute('aria-labelledby') ?? '')?.textContent
        : null,
    };
  });

async function press(key: string, times = 1) {
  for (let index = 0; index < times; index++) await browser.page.keyboard.press(key);
}

/** Enter, once focus is on the element so named: when the order of the controls changes, this says where focus went. */
async function pressEnterOn(name: string, dialog: string | null = null) {
  expect(await focused(), `focus before pressing Enter on “${name}”`).toEqual({ name, dialog });
  await press('Enter');
}

describe('keyboard only', () => {
  it('generates a token and copies its secret without a mouse', async () => {
    const { page, context } = browser;
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signUp(page);

    await page.getByRole('button', { name: 'Generate New Token' }).first().focus();
    await press('Enter');
    const form = page.getByRole('dialog', { name: 'Generate New Token' });
    await form.waitFor();
    expect(await focused()).toEqual({ name: 'Token Name *', dialog: 'Generate New Token' });
    await page.keyboard.type('keyboard-token');
    // Past the description and the expiration.
    await press('Tab', 3);
    expect(await focused()).toMatchObject({ name: 'profile:read' });
    await press('Space');
    // Past tokens:read, tokens:write, audit:read, notifications:read, notifications:write and reports:read, into
    // the Reports group (admin:read and admin:write are offered to administrators only).
    await press('Tab', 7);
    expect(await focused()).toEqual({ name: 'reports:write', dialog: 'Generate New Token' });
    await press('Space');
    // The collapsed restrictions open with Enter, and their fields follow in order.
    await press('Tab');
    await pressEnterOn('Restrictions optional', 'Generate New Token');
    await press('Tab');
    expect(await focused()).toEqual({ name: 'Allowed addresses', dialog: 'Generate New Token' });
    // Past the rate limit, its window, the quota and its refill, and Cancel.
    await press('Tab', 6);
    expect(await focused()).toEqual({ name: 'Generate', dialog: 'Generate New Token' });
    await press('Enter');

    const modal = page.getByRole('dialog', { name: 'Token Successfully Generated' });
    await modal.waitFor();
    expect(await focused()).toEqual({ name: 'Copy', dialog: 'Token Successfully Generated' });
    // Escape does not dismiss the only view of the secret, even when pressed twice.
    await press('Escape', 2);
    expect(await modal.isVisible()).toBe(true);
    // Tab cycles within the modal.
    for (let index = 0; index < 6; index++) {
      await press('Tab');
      expect((await focused()).dialog).toBe('Token Successfully Generated');
    }
    await modal.getByRole('button', { name: 'Copy' }).focus();
    await press('Enter');
    await modal.getByRole('button', { name: 'Copied' }).waitFor();
    const secret = await modal.getByRole('textbox', { name: 'Token' }).inputValue();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    await press('Tab', 2);
    expect(await focused()).toEqual({ name: 'I have saved it', dialog: 'Token Successfully Generated' });
    await press('Enter');
    await modal.waitFor({ state: 'hidden' });
    expect(await focused()).toEqual({ name: 'Generate New Token', dialog: null });
    const row = tokenRow(page, 'keyboard-token');
    await row.waitFor();
    expect(await row.locator('.token-permissions').textContent()).toMatch(/^\s*profile:read,\s+reports:write\s*$/);
  });

  it('revokes, restores and deletes through dialogs that trap focus, cancel on Escape and give focus back', async () => {
    const { page } = browser;
    await signUp(page);
    await generateToken(page, { name: 'kept' });
    await generateToken(page, { name: 'keyboard-token' });
    const row = tokenRow(page, 'keyboard-token');

    // From the token's name: its actions are Rotate, then Revoke.
    await row.getByRole('link', { name: 'keyboard-token' }).focus();
    await press('Tab', 2);
    await pressEnterOn('Revoke keyboard-token');
    const revokeDialog = page.getByRole('dialog', { name: 'Revoke token?' });
    await revokeDialog.waitFor();
    expect(await focused()).toEqual({ name: 'Cancel', dialog: 'Revoke token?' });
    for (let index = 0; index < 4; index++) {
      await press('Tab');
      expect((await focused()).dialog).toBe('Revoke token?');
    }
    await press('Escape');
    await revokeDialog.waitFor({ state: 'hidden' });
    expect(await focused()).toEqual({ name: 'Revoke keyboard-token', dialog: null });
    expect(await row.locator('.badge').textContent()).toContain('Active');

    await pressEnterOn('Revoke keyboard-token');
    await revokeDialog.waitFor();
    await press('Tab');
    await pressEnterOn('Revoke', 'Revoke token?');
    await revokeDialog.waitFor({ state: 'hidden' });
    // The Revoke button is gone; focus lands on what replaced it.
    await eventually(focused).toEqual({ name: 'Restore keyboard-token', dialog: null });

    await pressEnterOn('Restore keyboard-token');
    const restoreDialog = page.getByRole('dialog', { name: 'Restore token?' });
    await restoreDialog.waitFor();
    expect(await focused()).toEqual({ name: 'Cancel', dialog: 'Restore token?' });
    await press('Tab');
    await pressEnterOn('Restore', 'Restore token?');
    await restoreDialog.waitFor({ state: 'hidden' });
    // Restored, the row's actions are back, and focus is on the first of them.
    await eventually(focused).toEqual({ name: 'Rotate keyboard-token', dialog: null });
    expect(await row.locator('.badge').textContent()).toContain('Active');
    await press('Tab');
    await pressEnterOn('Revoke keyboard-token');
    await revokeDialog.waitFor();
    await press('Tab');
    await pressEnterOn('Revoke', 'Revoke token?');
    await eventually(focused).toEqual({ name: 'Restore keyboard-token', dialog: null });
    await press('Tab');
    await pressEnterOn('Delete keyboard-token');
    const deleteDialog = page.getByRole('dialog', { name: 'Delete token permanently?' });
    await deleteDialog.waitFor();
    expect(await deleteDialog.textContent()).toContain('This cannot be undone.');
    await press('Escape');
    await deleteDialog.waitFor({ state: 'hidden' });
    expect(await focused()).toEqual({ name: 'Delete keyboard-token', dialog: null });

    await pressEnterOn('Delete keyboard-token');
    await deleteDialog.waitFor();
    await press('Tab');
    await pressEnterOn('Delete', 'Delete token permanently?');
    await row.waitFor({ state: 'detached' });
    expect((await focused()).name).toMatch(/^Your tokens/);
    await tokenRow(page, 'kept').waitFor();
  });
});
