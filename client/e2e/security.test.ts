import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Response } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  eventually,
  expireRecentPasswordEntry,
  fillPasswordForm,
  generateToken,
  openPasswordPage,
  PASSWORD,
  signIn,
  signUp,
  tokenRow,
} from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

const clientDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let browser: BrowserSession;

beforeEach(async () => {
  browser = await openBrowser();
});

afterEach(async () => {
  await browser.close();
});

type Headers = Record<string, string>;

function directivesOf(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

/** Checks the headers every response carries, and returns the policy's directives. */
function expectSecurityHeaders(headers: Headers) {
  expect(headers['referrer-policy']).toBe('same-origin');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  const policy = headers['content-security-policy'];
  expect(policy).toBeDefined();
  expect(policy).not.toContain('unsafe-inline');
  const directives = directivesOf(policy ?? '');
  expect(directives).toMatchObject({
    'default-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  });
  // Only SvelteKit's route announcer may carry a style attribute, by the hash of its exact value.
  expect(directives['style-src-attr']).toEqual(["'unsafe-hashes'", expect.stringMatching(/^'sha256-[\w+/=]+'$/)]);
  return directives;
}

/** A page's policy admits scripts from this origin and those with this response's nonce, which all its scripts carry. */
async function expectNoncedPage(response: Response | null) {
  if (!response) throw new Error('No response');
  const directives = expectSecurityHeaders(response.headers());
  const [self, nonceSource, ...others] = directives['script-src'] ?? [];
  expect(self).toBe("'self'");
  expect(others).toEqual([]);
  const nonce = nonceSource?.match(/^'nonce-(.+)'$/)?.[1];
  expect(nonce).toBeTruthy();
  const html = await response.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
  expect(scripts.length).toBeGreaterThanOrEqual(2);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  return nonce;
}

/** A second UI server whose API does not answer, so that SvelteKit falls back to src/error.html. */
async function startUiWithoutApi() {
  const closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 9));
    });
  });
  const child = spawn(process.execPath, ['e2e/support/serve.js'], {
    cwd: clientDirectory,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LATCHKEY_E2E_API_URL: `http://127.0.0.1:${closedPort}/graphql`,
      LATCHKEY_API_URL: undefined,
      ORIGIN: undefined,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = output.match(/Latchkey UI ready at (http:\/\/\S+)\//);
      if (ready?.[1]) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve.js exited (${code}): ${output}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { origin, stop };
}

const headersOf = (response: globalThis.Response): Headers => Object.fromEntries(response.headers);

describe('security headers', () => {
  it('sends a strict policy with a fresh nonce, and the other headers, with the sign-in, tokens and 404 pages', async () => {
    const { page } = browser;
    const first = await expectNoncedPage(await page.goto('/sign-in'));
    const second = await expectNoncedPage(await page.reload());
    expect(second).not.toBe(first);

    await signUp(page);
    await expectNoncedPage(await page.goto('/settings/tokens'));
    await page.getByRole('heading', { name: 'Settings / Tokens' }).waitFor();

    const missing = await page.goto('/no-such-page');
    expect(missing?.status()).toBe(404);
    await expectNoncedPage(missing);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  });

  it('sends them with redirects and data requests too', async () => {
    const redirect = await fetch(`${inject('baseURL')}/settings/tokens`, { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe('/sign-in?redirectTo=%2Fsettings%2Ftokens');
    expectSecurityHeaders(headersOf(redirect));

    const data = await fetch(`${inject('baseURL')}/sign-in/__data.json`);
    expect(data.status).toBe(200);
    expectSecurityHeaders(headersOf(data));
  });

  it('sends them with the static error page shown when the API is unreachable, which renders within the policy', async () => {
    const ui = await startUiWithoutApi();
    try {
      const response = await fetch(`${ui.origin}/sign-in`);
      expect(response.status).toBe(503);
      const directives = expectSecurityHeaders(headersOf(response));
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(await response.text()).toContain('Latchkey is unavailable');

      const { page } = browser;
      await page.goto(`${ui.origin}/sign-in`);
      await page.getByRole('heading', { name: 'Latchkey is unavailable' }).waitFor();
      // Its stylesheet (static/error.css, not an inline <style>) applied.
      expect(await page.evaluate(() => getComputedStyle(document.body).display)).toBe('grid');
    } finally {
      await ui.stop();
    }
  });

  it('enforces the policy: injected scripts and event handlers do not run, and the page cannot be framed', async () => {
    const { page, baseURL } = browser;
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = "script"';
      document.body.append(script);
      document.body.insertAdjacentHTML('beforeend', '<img src="data:," onload="window.injected = \'handler\'">');
    });
    await eventually(() => browser.cspViolations.length).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { injected?: string }).injected)).toBeUndefined();
    expect(browser.cspViolations.every((violation) => violation.startsWith('script-src'))).toBe(true);
    browser.cspViolations.length = 0;

    const framing = await browser.context.newPage();
    await framing.setContent(`<iframe src="${baseURL}/sign-in" title="Latchkey"></iframe>`);
    await eventually(() => browser.consoleErrors.some((message) => message.includes("frame-ancestors 'none'"))).toBe(
      true,
    );
    expect(await framing.frameLocator('iframe').getByText('Sign in to Latchkey').count()).toBe(0);
    browser.consoleErrors.length = 0;
  });

  it('lets a whole session run without a policy violation or a console error', async () => {
    const { page } = browser;
    const email = await signUp(page);
    const secret = await generateToken(page, { name: 'csp-check', permissions: ['profile:read'] });
    expect(secret).toMatch(/^lkpat_/);

    // The secret modal: copy (the Clipboard API, or the selection fallback where it is refused) and download.
    const form = page.getByRole('dialog', { name: 'Generate New Token' });
    await page.getByRole('button', { name: 'Generate New Token' }).first().click();
    await form.getByLabel('Token Name').fill('csp-download');
    await form.getByRole('checkbox', { name: 'profile:read' }).check();
    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    const modal = page.getByRole('dialog', { name: 'Token Successfully Generated' });
    await modal.getByRole('button', { name: 'Copy' }).click();
    await modal.getByText(/Copied to the clipboard|Copying is blocked here/).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      modal.getByRole('button', { name: 'Download .txt' }).click(),
    ]);
    expect(download.url()).toMatch(/^blob:/);
    await modal.getByRole('button', { name: 'I have saved it' }).click();

    // Revoke, then restore through the password prompt.
    const row = tokenRow(page, 'csp-check');
    await row.getByRole('button', { name: 'Revoke csp-check' }).click();
    await page.getByRole('dialog', { name: 'Revoke token?' }).getByRole('button', { name: 'Revoke' }).click();
    expireRecentPasswordEntry(email);
    await row.getByRole('button', { name: 'Restore csp-check' }).click();
    await page.getByRole('dialog', { name: 'Restore token?' }).getByRole('button', { name: 'Restore' }).click();
    const prompt = page.getByRole('dialog', { name: 'Confirm your password' });
    await prompt.getByLabel('Password').fill(PASSWORD);
    await prompt.getByRole('button', { name: 'Confirm' }).click();
    await row.getByRole('button', { name: 'Revoke csp-check' }).waitFor();

    await page.getByRole('radio', { name: 'Revoked' }).check();
    await page.getByRole('searchbox', { name: 'Search tokens by name' }).fill('nothing-matches');
    await page.getByRole('radiogroup', { name: 'Theme' }).getByRole('radio', { name: 'Dark' }).check();

    const section = await openPasswordPage(page);
    await fillPasswordForm(section, { current: PASSWORD, next: 'another long passphrase', confirmation: 'different' });
    await section.getByRole('button', { name: 'Change password' }).click();
    await section.getByText('The passwords do not match.').waitFor();
    await fillPasswordForm(section, { current: PASSWORD, next: 'another long passphrase', revokeAllTokens: true });
    await section.getByRole('button', { name: 'Change password' }).click();
    await section.getByRole('status').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await signIn(page, email, 'another long passphrase');

    expect(browser.cspViolations).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  });
});
