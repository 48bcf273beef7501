import type { Locator, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callApi,
  expireRecentPasswordEntry,
  fillPasswordForm,
  PASSWORD,
  sessionCookie,
  signIn,
  uniqueEmail,
} from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

const NEW_PASSWORD = 'a brand new passphrase';

let browser: BrowserSession;
let otherBrowser: BrowserSession | undefined;

beforeEach(async () => {
  browser = await openBrowser({ javaScriptEnabled: false });
});

afterEach(async () => {
  await otherBrowser?.close();
  otherBrowser = undefined;
  await browser.close();
});

/** Each submit is a real form post: the browser loads the page the action answers with, or redirects to. */
async function submit(page: Page, button: string, within: Page | Locator = page) {
  await Promise.all([page.waitForEvent('load'), within.getByRole('button', { name: button, exact: true }).click()]);
}

async function signUpWithoutJavaScript(page: Page, email = uniqueEmail('no-js')) {
  await page.goto('/sign-up');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await submit(page, 'Create account');
  expect(new URL(page.url()).pathname).toBe('/settings/tokens');
  return email;
}

describe('without JavaScript', () => {
  it('signs up, signs out, refuses a wrong password and signs in, with plain HTML forms', async () => {
    const { page } = browser;
    const email = uniqueEmail('no-js');

    await page.goto('/sign-up');
    expect(await page.getByRole('button', { name: 'Create account' }).isEnabled()).toBe(true);
    await submit(page, 'Create account');
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Enter your email address.').waitFor();

    // The email typed comes back; the password never does.
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill('short');
    await submit(page, 'Create account');
    await page.getByText('Use at least 8 characters.').waitFor();
    expect(await page.getByLabel('Email address').inputValue()).toBe(email);
    expect(await page.getByLabel('Password').inputValue()).toBe('');

    await page.getByLabel('Password').fill(PASSWORD);
    await submit(page, 'Create account');
    expect(new URL(page.url()).pathname).toBe('/settings/tokens');
    expect(await page.getByRole('banner').textContent()).toContain(email);

    await submit(page, 'Sign out');
    expect(page.url()).toMatch(/\/sign-in\?reason=signed-out$/);
    await page.getByText('You have signed out.').waitFor();
    await page.goto('/settings/tokens');
    expect(new URL(page.url()).pathname).toBe('/sign-in');

    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await submit(page, 'Sign in');
    expect(await page.getByRole('alert').textContent()).toMatch(/incorrect/i);
    expect(await page.getByLabel('Email address').inputValue()).toBe(email);

    // Back to the page that asked for sign-in.
    await page.getByLabel('Password').fill(PASSWORD);
    await submit(page, 'Sign in');
    expect(new URL(page.url()).pathname).toBe('/settings/tokens');
  });

  it('returns to the page that asked for sign-in, and never to another site', async () => {
    const { page } = browser;
    const email = await signUpWithoutJavaScript(page);
    await submit(page, 'Sign out');

    await page.goto('/settings/password');
    expect(new URL(page.url()).searchParams.get('redirectTo')).toBe('/settings/password');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await submit(page, 'Sign in');
    expect(new URL(page.url()).pathname).toBe('/settings/password');

    await submit(page, 'Sign out');
    await page.goto('/sign-in?redirectTo=https://evil.example/');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await submit(page, 'Sign in');
    expect(page.url()).toBe(`${browser.baseURL}/settings/tokens`);
  });

  it('never signs out on a GET: /sign-out only offers the button', async () => {
    const { page } = browser;
    await signUpWithoutJavaScript(page);
    await page.goto('/sign-out');
    await page.getByRole('heading', { name: 'Sign out of Latchkey?' }).waitFor();
    await page.goto('/settings/tokens');
    expect(new URL(page.url()).pathname).toBe('/settings/tokens');

    await page.goto('/sign-out');
    await submit(page, 'Sign out', page.getByRole('main'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('changes the password: a wrong current password is refused beside its field, others are signed out', async () => {
    const { page } = browser;
    const email = await signUpWithoutJavaScript(page);
    otherBrowser = await openBrowser();
    await signIn(otherBrowser.page, email);

    await page.goto('/settings/password');
    const section = page.getByRole('region', { name: 'Change password' });
    await fillPasswordForm(section, { current: 'not my password', next: NEW_PASSWORD });
    await submit(page, 'Change password');
    await section.getByText('Your current password is incorrect.').waitFor();
    expect(await section.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
    expect(await section.getByLabel('New password', { exact: true }).inputValue()).toBe('');

    await fillPasswordForm(section, { current: PASSWORD, next: NEW_PASSWORD, confirmation: 'something else' });
    await submit(page, 'Change password');
    await section.getByText('The passwords do not match.').waitFor();

    await fillPasswordForm(section, { current: PASSWORD, next: NEW_PASSWORD });
    await submit(page, 'Change password');
    expect(await section.getByRole('status').textContent()).toContain(
      'Password changed. 1 other session was signed out. Your tokens keep working.',
    );

    // This browser stays signed in; the other one was signed out and is told why.
    await page.goto('/settings/tokens');
    expect(new URL(page.url()).pathname).toBe('/settings/tokens');
    await otherBrowser.page.goto('/settings/tokens');
    await otherBrowser.page.getByText('your password was changed on another device').waitFor();
  });

  it('sends a person whose session ended elsewhere to sign in when the password form is posted', async () => {
    const { page } = browser;
    await signUpWithoutJavaScript(page);
    await page.goto('/settings/password');
    await callApi('mutation { signOut }', { cookie: await sessionCookie(page) });

    const section = page.getByRole('region', { name: 'Change password' });
    await fillPasswordForm(section, { current: PASSWORD, next: NEW_PASSWORD });
    await submit(page, 'Change password');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByText('your password was changed on another device').waitFor();
  });

  it('confirms the password on its own page, which opens sudo mode and returns to the page that needed it', async () => {
    const { page } = browser;
    const email = await signUpWithoutJavaScript(page);
    expireRecentPasswordEntry(email);
    const cookie = await sessionCookie(page);
    const generateWriter = () =>
      callApi('mutation ($input: GenerateTokenInput!) { generateToken(input: $input) { __typename } }', {
        cookie,
        variables: { input: { name: 'writer', expiration: 'DAYS_30', permissions: ['tokens:write'] } },
      });
    expect(await generateWriter()).toMatchObject({
      body: { data: { generateToken: { __typename: 'ReauthenticationRequiredError' } } },
    });

    await page.goto('/settings/confirm-password?next=%2Fsettings%2Ftokens%3Fstatus%3DACTIVE');
    await page.getByRole('heading', { name: 'Settings / Confirm your password' }).waitFor();
    await submit(page, 'Confirm');
    await page.getByText('Enter your password.').waitFor();
    await page.getByLabel('Password').fill('not my password');
    await submit(page, 'Confirm');
    // The prompt asks no email, so it does not speak of one.
    await page.getByText('The password is incorrect.').waitFor();
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Password').fill(PASSWORD);
    await submit(page, 'Confirm');
    expect(page.url()).toBe(`${browser.baseURL}/settings/tokens?status=ACTIVE`);
    expect(await generateWriter()).toMatchObject({
      body: { data: { generateToken: { __typename: 'GenerateTokenSuccess' } } },
    });
  });

  it('confirms the password only towards a page of this site', async () => {
    const { page } = browser;
    await signUpWithoutJavaScript(page);
    await page.goto('/settings/confirm-password?next=https://evil.example/');
    expect(await page.getByRole('link', { name: 'Cancel' }).getAttribute('href')).toBe('/settings/tokens');
    await page.getByLabel('Password').fill(PASSWORD);
    await submit(page, 'Confirm');
    expect(page.url()).toBe(`${browser.baseURL}/settings/tokens`);
  });
});
