import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { eventually, generateThroughApi, sessionCookie, signUp, tokenRow, uniqueEmail } from './support/app';
import { seriousViolations } from './support/axe';
import { type BrowserSession, openBrowser } from './support/browser';

// Issue 19's token inventory against the suite's server: every account's tokens, filtered through the URL, a
// selection revoked with a message its owner then reads on the token.
const serverDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server');
const browsers: BrowserSession[] = [];

afterAll(async () => {
  for (const browser of browsers) await browser.close();
});

function makeAdministrator(email: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'grant', email], {
    cwd: serverDirectory,
    env: { ...process.env, DATABASE_URL: `file:${inject('databaseFile')}`, LATCHKEY_LOG: 'off' },
    encoding: 'utf8',
  });
}

describe('the token inventory', () => {
  it('lists another account’s tokens, filters them in the URL, and revokes a selection with a message', async () => {
    const owner = await openBrowser();
    const administrator = await openBrowser();
    browsers.push(owner, administrator);
    const ownerEmail = await signUp(owner.page, uniqueEmail('owner'));
    const cookie = await sessionCookie(owner.page);
    await generateThroughApi(cookie, 'inventory-ci', ['tokens:read']);
    await generateThroughApi(cookie, 'inventory-laptop', ['profile:read']);

    const email = await signUp(administrator.page, uniqueEmail('inventory-admin'));
    makeAdministrator(email);
    const { page } = administrator;
    await page.goto(`/settings/admin/tokens?owner=${encodeURIComponent(ownerEmail)}`);
    const table = page.getByRole('table', { name: /Tokens of every account/ });
    await eventually(() => table.getByRole('row').count()).toBe(3);
    expect(await page.getByLabel('Owner email').inputValue()).toBe(ownerEmail);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Permission').fill('tokens:read');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await eventually(() => page.url()).toContain('permission=tokens%3Aread');
    await eventually(() => table.getByRole('row').count()).toBe(2);

    await page.getByRole('checkbox', { name: `Select inventory-ci of ${ownerEmail}` }).check();
    expect(await page.getByText('1 token selected').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Revoke selected…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke selected tokens?' });
    await dialog.getByRole('button', { name: 'Revoke tokens' }).click();
    expect(await dialog.getByLabel('Message to the owners').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Message to the owners').fill('Found in a public CI log.');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Revoke tokens' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(() => page.getByText('1 token revoked').isVisible()).toBe(true);
    await eventually(() => tokenRow(page, 'inventory-ci').textContent()).toContain('Revoked');

    await owner.page.goto('/settings/tokens');
    await eventually(() => tokenRow(owner.page, 'inventory-ci').textContent()).toContain('Revoked');
  });
});
