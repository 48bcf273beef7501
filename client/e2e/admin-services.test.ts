import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { eventually, expireRecentPasswordEntry, PASSWORD, signUp, uniqueEmail } from './support/app';
import { seriousViolations } from './support/axe';
import { type BrowserSession, openBrowser } from './support/browser';

// Issue 19's services page against the suite's server: the catalogue as loaded, and a key minted, shown once and
// revoked from the browser, with the password asked again first.
const serverDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server');
const browsers: BrowserSession[] = [];

afterAll(async () => {
  for (const browser of browsers) await browser.close();
});

/** `npm run admin -- grant <email>` against the suite's database. */
function makeAdministrator(email: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'grant', email], {
    cwd: serverDirectory,
    env: { ...process.env, DATABASE_URL: `file:${inject('databaseFile')}`, LATCHKEY_LOG: 'off' },
    encoding: 'utf8',
  });
}

describe('the services page', () => {
  it('lists the catalogue, mints a key shown once behind the password, and revokes it', async () => {
    const session = await openBrowser();
    browsers.push(session);
    const { page } = session;
    const email = await signUp(page, uniqueEmail('operator'));
    makeAdministrator(email);
    await page.goto('/settings/admin/services');
    const reports = page.getByRole('region', { name: /Reports/ });
    await reports.waitFor();
    expect(await page.getByRole('region', { name: /Latchkey/ }).textContent()).toContain('takes no service key');
    expect(await reports.textContent()).toContain('No keys yet');
    expect(await seriousViolations(page)).toEqual([]);

    expireRecentPasswordEntry(email);
    await reports.getByRole('button', { name: 'Create a key for Reports' }).click();
    const password = page.getByRole('dialog', { name: 'Confirm your password' });
    await password.getByLabel('Password').fill(PASSWORD);
    await password.getByRole('button', { name: 'Confirm' }).click();
    const created = page.getByRole('dialog', { name: 'Service Key Created' });
    await created.waitFor();
    const secret = await created.getByRole('textbox', { name: 'Service key' }).inputValue();
    expect(secret).toMatch(/^lksvc_[0-9A-Za-z]{38}$/);
    expect(await seriousViolations(page)).toEqual([]);
    await created.getByRole('button', { name: 'I have saved it' }).click();
    await created.waitFor({ state: 'hidden' });

    const hint = `lksvc_…${secret.slice(-4)}`;
    const row = reports.getByRole('row', { name: new RegExp(hint) });
    await eventually(() => row.textContent()).toContain('Active');
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: `Revoke key ${hint} of Reports` }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke service key' });
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await eventually(() => row.textContent()).toContain('Revoked');
    await eventually(() => page.getByText(`Key ${hint} of Reports revoked`).isVisible()).toBe(true);

    await page.reload();
    await eventually(() => reports.getByRole('row', { name: new RegExp(hint) }).textContent()).toContain('Revoked');
    expect(await page.content()).not.toContain(secret);
  });
});
