import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, PASSWORD, signUp, uniqueEmail } from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

let browser: BrowserSession;

beforeEach(async () => {
  browser = await openBrowser();
});

afterEach(async () => {
  await browser.close();
});

describe('signing in and out', () => {
  it('sends a signed-out visitor of the tokens page to sign-in, and back to the tokens page after signing in', async () => {
    const { page } = browser;
    const email = uniqueEmail('returning');
    await callApi('mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }', {
      variables: { input: { email, password: PASSWORD } },
    });

    await page.goto('/settings/tokens');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('redirectTo')).toBe('/settings/tokens');
    await page.getByText('Sign in to continue.').waitFor();

    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/incorrect/i);

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/settings/tokens');
    await page.getByRole('heading', { name: 'Settings / Tokens' }).waitFor();
    expect(await page.getByRole('banner').textContent()).toContain(email);
  });

  it('sends / to sign-in when signed out and to the tokens page when signed in', async () => {
    const { page } = browser;
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await signUp(page);
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/settings/tokens');
  });

  it('never redirects to another site after signing in', async () => {
    const { page } = browser;
    const email = await signUp(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.goto('/sign-in?redirectTo=https://evil.example/');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/settings/tokens');
  });

  it('checks the sign-up form, never says an email is taken, and signs in when the password is right', async () => {
    const { page } = browser;
    const email = await signUp(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');

    await page.goto('/sign-up');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Enter your email address.').waitFor();
    await page.getByText('Use at least 8 characters.').waitFor();

    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill('another long password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page
      .getByText('No account could be created with that email and password. If you already have one, sign in.')
      .waitFor();
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).not.toBe('true');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/settings/tokens');
    expect(await page.getByRole('banner').textContent()).toContain(email);
  });

  it('keeps Sign out in view while signed in, and signing out ends the session', async () => {
    const { page } = browser;
    await signUp(page);
    const signOut = page.getByRole('banner').getByRole('button', { name: 'Sign out' });
    expect(await signOut.isVisible()).toBe(true);
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await signOut.isVisible()).toBe(true);

    await signOut.click();
    await page.waitForURL('**/sign-in');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await page.goto('/settings/tokens');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});
