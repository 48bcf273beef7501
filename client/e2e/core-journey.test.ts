import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { callApi, PASSWORD, sessionCookie, tokenRow, uniqueEmail } from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

// Issue 18: the core journey works as plain HTML forms first, and the same journey with JavaScript uses the dialogs.

const viewerQuery = '{ viewer { email } }';
const KB = 1024;

let browser: BrowserSession | undefined;

const onPath = (pathname: string) => (url: URL) => url.pathname === pathname;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

async function signUp(page: Page): Promise<string> {
  const email = uniqueEmail('journey');
  await page.goto('/sign-up');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(onPath('/settings/tokens'));
  return email;
}

/** From the start of a navigation to the tokens page until the named token's row is visible. */
async function timeToFirstRow(page: Page, name: string): Promise<number> {
  const started = performance.now();
  await page.goto('/settings/tokens', { waitUntil: 'commit' });
  await tokenRow(page, name).waitFor({ state: 'visible' });
  return Math.round(performance.now() - started);
}

/** Generates through the page the Generate button leads to, or its dialog; returns the secret shown. */
async function generate(page: Page, name: string, javaScript: boolean): Promise<string> {
  await page.getByRole('button', { name: 'Generate New Token' }).first().click();
  const form = javaScript ? page.getByRole('dialog', { name: 'Generate New Token' }) : page.locator('main');
  if (!javaScript) await page.waitForURL(onPath('/settings/tokens/new'));
  await form.getByLabel('Token Name').fill(name);
  await form.getByLabel('Expiration', { exact: true }).selectOption({ label: '30 days' });
  await form.getByRole('checkbox', { name: 'profile:read', exact: true }).check();
  await form.getByRole('checkbox', { name: 'tokens:read', exact: true }).check();

  const posted = javaScript ? null : page.waitForResponse((response) => response.request().method() === 'POST');
  await form.getByRole('button', { name: 'Generate', exact: true }).click();
  const shown = javaScript ? page.getByRole('dialog', { name: 'Token Successfully Generated' }) : page.locator('main');
  const secret = await shown.getByRole('textbox', { name: 'Token' }).inputValue();
  expect(secret).toMatch(/^lkpat_/);

  if (posted) {
    // Without JavaScript the secret arrives in the POST response's page, which nothing may keep.
    const response = await posted;
    expect(response.headers()['cache-control']).toContain('no-store');
    expect(response.status()).toBe(200);
    expect(page.url()).not.toContain(secret);
    expect(JSON.stringify(await page.context().cookies())).not.toContain(secret);
  }
  await shown.getByRole(javaScript ? 'button' : 'link', { name: 'I have saved it' }).click();
  await page.waitForURL(onPath('/settings/tokens'));
  return secret;
}

/** Asks for a change from the token's row and confirms it: in its dialog, or on the page that asks without JavaScript. */
async function confirmFromRow(page: Page, action: 'Revoke' | 'Restore' | 'Delete', name: string, javaScript: boolean) {
  await tokenRow(page, name)
    .getByRole('button', { name: `${action} ${name}` })
    .click();
  const title = action === 'Delete' ? 'Delete token permanently?' : `${action} token?`;
  const question = javaScript ? page.getByRole('dialog', { name: title }) : page.getByRole('region', { name: title });
  await question.getByRole('button', { name: action, exact: true }).click();
  const done = { Revoke: 'revoked', Restore: 'restored', Delete: 'deleted' }[action];
  await page
    .getByRole('status')
    .filter({ hasText: `Token “${name}” ${done}.` })
    .waitFor();
}

const bearerStatus = async (secret: string) => {
  const { status, body } = await callApi(viewerQuery, { bearer: secret });
  return status === 200 && (body.data as { viewer?: unknown } | null)?.viewer ? 'accepted' : 'refused';
};

describe.each([
  { mode: 'with JavaScript', javaScript: true },
  { mode: 'without JavaScript', javaScript: false },
])('the core journey $mode', ({ mode, javaScript }) => {
  it('signs up, generates, shows the secret, revokes, restores, deletes and signs out', async () => {
    browser = await openBrowser({ javaScriptEnabled: javaScript });
    const { page } = browser;
    const email = await signUp(page);

    const secret = await generate(page, 'journey-deploy', javaScript);
    expect(await callApi(viewerQuery, { bearer: secret })).toEqual({
      status: 200,
      body: { data: { viewer: { email } } },
    });
    const row = tokenRow(page, 'journey-deploy');
    await row.waitFor();

    const firstRow = await timeToFirstRow(page, 'journey-deploy');
    console.log(`Time to first row ${mode}: ${firstRow} ms`);

    await confirmFromRow(page, 'Revoke', 'journey-deploy', javaScript);
    await row.getByText('Revoked', { exact: true }).waitFor();
    expect(await bearerStatus(secret)).toBe('refused');

    await confirmFromRow(page, 'Restore', 'journey-deploy', javaScript);
    await row.getByText('Active', { exact: true }).waitFor();
    expect(await bearerStatus(secret)).toBe('accepted');

    await confirmFromRow(page, 'Revoke', 'journey-deploy', javaScript);
    await confirmFromRow(page, 'Delete', 'journey-deploy', javaScript);
    await row.waitFor({ state: 'detached' });
    expect(await bearerStatus(secret)).toBe('refused');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(onPath('/sign-in'));
    await page.goto('/settings/tokens');
    await page.waitForURL(onPath('/sign-in'));
  });
});

describe('the tokens page as the server sends it', () => {
  it('holds the first rows and the count in its HTML, and loads under 100 KB of JavaScript (gzip)', async () => {
    browser = await openBrowser();
    const { page, baseURL } = browser;
    await signUp(page);
    const cookie = await sessionCookie(page);
    for (const name of ['html-first', 'html-second']) {
      const { body } = await callApi(
        'mutation ($input: GenerateTokenInput!) { generateToken(input: $input) { __typename } }',
        { cookie, variables: { input: { name, expiration: 'DAYS_30', permissions: ['profile:read'] } } },
      );
      expect(body).toEqual({ data: { generateToken: { __typename: 'GenerateTokenSuccess' } } });
    }

    const html = await (await fetch(`${baseURL}/settings/tokens`, { headers: { cookie } })).text();
    expect(html).toMatch(/<th scope="row"[^>]*>[\s\S]*?html-second[\s\S]*?<th scope="row"[^>]*>[\s\S]*?html-first/);
    expect(html).toContain('2 of 100 tokens');

    // The page's JavaScript as the browser fetches it: every script of the first load, compressed as served.
    const scripts = new Map<string, Promise<Buffer>>();
    const graphqlRequests: string[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.set(response.url(), response.body());
    });
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/graphql') graphqlRequests.push(request.postData() ?? '');
    });
    await page.goto('/settings/tokens');
    await tokenRow(page, 'html-first').waitFor();
    await page.waitForLoadState('networkidle');
    let gzipBytes = 0;
    for (const body of scripts.values()) gzipBytes += gzipSync(await body).length;
    const kilobytes = Math.round((gzipBytes / KB) * 10) / 10;
    console.log(`Tokens page JavaScript: ${scripts.size} files, ${kilobytes} KB gzip`);
    expect(kilobytes).toBeLessThan(100);
    // urql took over what the server sent: the list, the allowance and the catalogue are not fetched again.
    expect(graphqlRequests).toEqual([]);

    // And the Generate dialog's permissions came with the page.
    await page.getByRole('button', { name: 'Generate New Token' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Generate New Token' });
    await dialog.getByRole('checkbox', { name: 'profile:read', exact: true }).waitFor();
    expect(graphqlRequests).toEqual([]);
  });
});
