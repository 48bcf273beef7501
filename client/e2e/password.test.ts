import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callApi,
  eventually,
  fillPasswordForm,
  generateToken,
  openPasswordPage,
  PASSWORD,
  sessionCookie,
  signIn,
  signUp,
  tokenRow,
} from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

const NEW_PASSWORD = 'a brand new passphrase';
const viewerQuery = '{ viewer { email } }';

let browser: BrowserSession;
let otherBrowser: BrowserSession | undefined;

beforeEach(async () => {
  browser = await openBrowser();
});

afterEach(async () => {
  await otherBrowser?.close();
  otherBrowser = undefined;
  await browser.close();
});

describe('changing the password', () => {
  it('signs out every other session, revokes every token when asked, and only the new password signs in', async () => {
    const { page } = browser;
    const email = await signUp(page);
    const secret = await generateToken(page, { name: 'made-before' });
    expect((await callApi(viewerQuery, { bearer: secret })).status).toBe(200);

    otherBrowser = await openBrowser();
    await signIn(otherBrowser.page, email);
    const otherSection = await openPasswordPage(otherBrowser.page);

    const section = await openPasswordPage(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Settings / Password');
    const sidebarLink = page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Password' });
    expect(await sidebarLink.getAttribute('aria-current')).toBe('page');

    // A wrong current password, shown beside that field.
    await fillPasswordForm(section, { current: 'not my password', next: NEW_PASSWORD });
    await section.getByRole('button', { name: 'Change password' }).click();
    await section.getByText('Your current password is incorrect.').waitFor();
    expect(await section.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');

    // A confirmation that does not match never reaches the API.
    await fillPasswordForm(section, { current: PASSWORD, next: NEW_PASSWORD, confirmation: 'a brand new passphrase?' });
    await section.getByRole('button', { name: 'Change password' }).click();
    await section.getByText('The passwords do not match.').waitFor();

    await fillPasswordForm(section, { current: PASSWORD, next: NEW_PASSWORD, revokeAllTokens: true });
    await section.getByRole('button', { name: 'Change password' }).click();
    const status = section.getByRole('status');
    await status.waitFor();
    expect(await status.textContent()).toContain(
      'Password changed. 1 other session was signed out; 1 token was revoked.',
    );
    expect(await section.getByLabel('Current password').inputValue()).toBe('');

    // The other browser was signed out: what it sends next is refused and takes it to sign-in, as does its next
    // page load.
    await fillPasswordForm(otherSection, { current: PASSWORD, next: 'what the other browser wanted' });
    await otherSection.getByRole('button', { name: 'Change password' }).click();
    await otherBrowser.page.waitForURL('**/sign-in?redirectTo=%2Fsettings%2Fpassword&reason=session-ended');
    // It says why: the person did not sign out themselves.
    await otherBrowser.page.getByText('your password was changed on another device').waitFor();
    await otherBrowser.page.goto('/settings/tokens');
    const redirected = new URL(otherBrowser.page.url());
    expect(redirected.pathname).toBe('/sign-in');
    expect(redirected.searchParams.get('redirectTo')).toBe('/settings/tokens');

    // The token made before the change is refused.
    expect((await callApi(viewerQuery, { bearer: secret })).status).toBe(401);

    // This browser stays signed in, and its token list (cached before the change) shows the token revoked.
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Tokens' }).click();
    await page.waitForURL('**/settings/tokens');
    await eventually(async () => (await tokenRow(page, 'made-before').locator('.badge').textContent())?.trim()).toBe(
      'Revoked',
    );

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/incorrect/i);
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/settings/tokens');
  });

  it('keeps every token working when not asked to revoke them', async () => {
    const { page } = browser;
    await signUp(page);
    const secret = await generateToken(page, { name: 'keeps-working' });
    const section = await openPasswordPage(page);
    await fillPasswordForm(section, { current: PASSWORD, next: NEW_PASSWORD });
    await section.getByRole('button', { name: 'Change password' }).click();
    await section.getByRole('status').waitFor();
    expect(await section.getByRole('status').textContent()).toContain(
      'Password changed. No other session was signed in. Your tokens keep working.',
    );
    expect((await callApi(viewerQuery, { bearer: secret })).status).toBe(200);
  });

  it('says how long to wait once too many wrong passwords were tried (HTTP 429)', async () => {
    const { page } = browser;
    await signUp(page);
    const cookie = await sessionCookie(page);
    // The API allows 10 failed password entries per account in each 15-minute window: use them up quickly.
    for (let attempt = 0; attempt < 10; attempt++) {
      const { status } = await callApi(
        'mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { __typename } }',
        { cookie, variables: { input: { currentPassword: 'wrong guess', newPassword: NEW_PASSWORD } } },
      );
      expect(status).toBe(200);
    }

    // The page's next wrong attempt is refused; should a window end meanwhile, it takes a few more.
    const section = await openPasswordPage(page);
    await fillPasswordForm(section, { current: 'another wrong guess', next: NEW_PASSWORD });
    let status = 0;
    for (let attempt = 0; attempt < 12 && status !== 429; attempt++) {
      const [response] = await Promise.all([
        // Through urql, or through the form action when the click came before the page was interactive.
        page.waitForResponse(
          (candidate) =>
            candidate.request().method() === 'POST' &&
            (candidate.url().endsWith('/graphql') || new URL(candidate.url()).pathname === '/settings/password'),
        ),
        section.getByRole('button', { name: 'Change password' }).click(),
      ]);
      status = response.status();
    }
    expect(status).toBe(429);
    const alert = section.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /Too many attempts with a wrong password\. Try again in \d+ (seconds?|minutes?)\./,
    );
    expect(await section.getByLabel('Current password').getAttribute('aria-invalid')).toBeNull();
  });

  it('can be filled in and sent with the keyboard alone', async () => {
    const { page } = browser;
    await signUp(page);
    const section = await openPasswordPage(page);
    await section.getByLabel('Current password').focus();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Tab');
    await page.keyboard.type(NEW_PASSWORD);
    await page.keyboard.press('Tab');
    await page.keyboard.type(NEW_PASSWORD);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await section.getByRole('checkbox', { name: 'Also revoke all my active tokens' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Change password');
    await page.keyboard.press('Enter');
    const status = section.getByRole('status');
    await status.waitFor();
    // Focus moves to the outcome, so a screen reader reads it out.
    expect(await status.evaluate((element) => element === document.activeElement)).toBe(true);
  });
});
