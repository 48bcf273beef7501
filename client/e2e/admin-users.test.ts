import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { eventually, expireRecentPasswordEntry, PASSWORD, signIn, signUp, uniqueEmail } from './support/app';
import { seriousViolations } from './support/axe';
import { type BrowserSession, openBrowser } from './support/browser';

// Issue 19's accounts page (/settings/admin/users) against the suite's server: an account locked from the browser
// (the password asked again first) is signed out and told the reason at sign-in, unlocked, and made an administrator.
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

async function browser() {
  const session = await openBrowser();
  browsers.push(session);
  return session.page;
}

describe('the accounts page', () => {
  it('locks an account with a reason its owner reads at sign-in, unlocks it, and grants the role', async () => {
    const admin = await browser();
    const adminEmail = await signUp(admin, uniqueEmail('users-admin'));
    makeAdministrator(adminEmail);
    const owner = await browser();
    const ownerEmail = await signUp(owner, uniqueEmail('users-owner'));

    await admin.goto(`/settings/admin/users?search=${encodeURIComponent(ownerEmail)}`);
    const row = admin.getByRole('row', { name: new RegExp(ownerEmail) });
    await row.waitFor();
    expect(await row.textContent()).toContain('None');
    expect(await admin.getByRole('searchbox', { name: 'Search accounts by email' }).inputValue()).toBe(ownerEmail);
    expect(await seriousViolations(admin)).toEqual([]);

    expireRecentPasswordEntry(adminEmail);
    await row.getByRole('button', { name: `Lock ${ownerEmail}…` }).click();
    const lock = admin.getByRole('dialog', { name: 'Lock account?' });
    await lock.getByLabel('Reason').fill('Laptop reported stolen; call IT.');
    expect(await seriousViolations(admin)).toEqual([]);
    await lock.getByRole('button', { name: 'Lock account' }).click();
    const password = admin.getByRole('dialog', { name: 'Confirm your password' });
    await password.getByLabel('Password').fill(PASSWORD);
    await password.getByRole('button', { name: 'Confirm' }).click();
    await lock.waitFor({ state: 'hidden' });
    await eventually(() => row.textContent()).toContain('Laptop reported stolen; call IT.');
    await eventually(() => admin.getByText(`${ownerEmail} is locked`).isVisible()).toBe(true);

    // The owner's session is gone, and signing in tells them why.
    await owner.goto('/settings/tokens');
    await owner.waitForURL('**/sign-in**');
    await owner.getByLabel('Email address').fill(ownerEmail);
    await owner.getByLabel('Password').fill(PASSWORD);
    await owner.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => owner.getByRole('alert').textContent()).toContain(
      'An administrator locked this account: Laptop reported stolen; call IT.',
    );

    await row.getByRole('button', { name: `Unlock ${ownerEmail}` }).click();
    const unlock = admin.getByRole('dialog', { name: 'Unlock account?' });
    await unlock.getByRole('button', { name: 'Unlock' }).click();
    await unlock.waitFor({ state: 'hidden' });
    await eventually(() => row.textContent()).not.toContain('Locked');
    await signIn(owner, ownerEmail);

    await row.getByRole('button', { name: `Make ${ownerEmail} an administrator` }).click();
    const grant = admin.getByRole('dialog', { name: 'Make administrator?' });
    await grant.getByRole('button', { name: 'Make administrator' }).click();
    await grant.waitFor({ state: 'hidden' });
    await eventually(() => row.textContent()).toContain('Administrator');
    await admin.reload();
    await eventually(() => admin.getByRole('row', { name: new RegExp(ownerEmail) }).textContent()).toContain(
      'Administrator',
    );
  });
});
