import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, eventually, PASSWORD, sessionCookie, signIn, signUp, uniqueEmail } from './support/app';
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
    await page.getByRole('heading', { name: 'Sign in to Latchkey' }).waitFor();

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
    await page.waitForURL((url) => url.pathname === '/sign-in');
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
    await page.waitForURL((url) => url.pathname === '/sign-in');

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
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await page.goto('/settings/tokens');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('greets a first visit without a warning, and says why when signed out or when the session ended', async () => {
    const { page } = browser;
    const notice = page.locator('.auth-card__notice');
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Latchkey' }).waitFor();
    expect(await notice.count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);

    const email = await signUp(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in?reason=signed-out');
    expect(await notice.textContent()).toBe('You have signed out.');

    // A session that ends without the person (expired, or a password change elsewhere) leaves its cookie behind.
    await signIn(page, email);
    const cookie = await sessionCookie(page);
    const ended = await callApi('mutation { signOut }', { cookie });
    expect(ended.body).toEqual({ data: { signOut: true } });
    await page.goto('/settings/tokens');
    await page.waitForURL('**/sign-in?redirectTo=%2Fsettings%2Ftokens&reason=session-ended');
    expect(await notice.textContent()).toBe(
      'You were signed out: your session expired, or your password was changed on another device. Sign in again to continue.',
    );
  });

  it('says how long to wait after too many wrong passwords, in minutes', async () => {
    const { page } = browser;
    const email = uniqueEmail('locked-out');
    await callApi('mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }', {
      variables: { input: { email, password: PASSWORD } },
    });
    // The API allows 10 failed sign-ins per account in each 15-minute window: use them up quickly.
    for (let attempt = 0; attempt < 10; attempt++) {
      await callApi('mutation ($input: SignInInput!) { signIn(input: $input) { __typename } }', {
        variables: { input: { email, password: 'not the password' } },
      });
    }
    // The page's next wrong attempt is refused; should a window end meanwhile, it takes a few more.
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(email);
    const alert = page.getByRole('alert');
    let status = 0;
    for (let attempt = 0; attempt < 12 && status !== 429; attempt++) {
      await page.getByLabel('Password').fill('not the password');
      const [response] = await Promise.all([
        // Through urql, or through the form action when the click came before the page was interactive.
        page.waitForResponse(
          (candidate) =>
            candidate.request().method() === 'POST' &&
            (candidate.url().endsWith('/graphql') || new URL(candidate.url()).pathname === '/sign-in'),
        ),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      status = response.status();
    }
    expect(status).toBe(429);
    await eventually(async () => (await alert.textContent()) ?? '').toContain('Too many attempts.');
    // Never "Try again in 597 seconds.": the same words and units as every other wait.
    expect(await alert.textContent()).toMatch(
      /^\s*Too many attempts\. Try again in (\d+ minutes?|\d{1,2} seconds?)\.\s*$/,
    );
  });
});
