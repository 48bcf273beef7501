import type { Locator, Page, Response } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  callApi,
  eventually,
  expireRecentPasswordEntry,
  PASSWORD,
  sessionCookie,
  signUp,
  tokenRow,
  uniqueEmail,
} from './support/app';
import { seriousViolations } from './support/axe';
import { type BrowserSession, openBrowser } from './support/browser';

// Issue 18's last pieces: the token's page (rotate, edit), Load more and a generate that needs the password again,
// as plain HTML forms; and the same pages still working through urql once JavaScript runs.

let browser: BrowserSession | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

const viewerQuery = '{ viewer { email } }';
// Tests that check a page with axe open a second browser for it: on a busy two-core machine that takes a while.
const AXE_TIMEOUT = 240_000;

/** Each submit is a real form post or GET: the browser loads the page the server answers with. */
async function submit(page: Page, button: string, within: Page | Locator = page) {
  await Promise.all([page.waitForEvent('load'), within.getByRole('button', { name: button, exact: true }).click()]);
}

/** Like `submit`, returning the response of the form's POST itself. */
async function post(page: Page, button: string, within: Page | Locator = page): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.request().isNavigationRequest(),
    ),
    page.waitForEvent('load'),
    within.getByRole('button', { name: button, exact: true }).click(),
  ]);
  return response;
}

async function signUpWithoutJavaScript(page: Page): Promise<string> {
  const email = uniqueEmail('no-js-token');
  await page.goto('/sign-up');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await submit(page, 'Create account');
  expect(new URL(page.url()).pathname).toBe('/settings/tokens');
  return email;
}

async function generateWithSecret(cookie: string, name: string, permissions = ['profile:read', 'tokens:read']) {
  const { body } = await callApi(
    `mutation ($input: GenerateTokenInput!) {
      generateToken(input: $input) { __typename ... on GenerateTokenSuccess { secret token { id } } }
    }`,
    { cookie, variables: { input: { name, expiration: 'DAYS_30', permissions } } },
  );
  const outcome = (body.data as { generateToken: { secret?: string; token?: { id: string } } }).generateToken;
  if (!outcome.secret || !outcome.token) throw new Error(`Could not generate ${name}: ${JSON.stringify(body)}`);
  return { id: outcome.token.id, secret: outcome.secret };
}

const bearerStatus = async (secret: string) => {
  const { status, body } = await callApi(viewerQuery, { bearer: secret });
  return status === 200 && (body.data as { viewer?: unknown } | null)?.viewer ? 'accepted' : 'refused';
};

const tokenQuery = `query ($id: ID!) {
  node(id: $id) { ... on PersonalAccessToken { name description status permissions { name } } }
}`;

async function tokenThroughApi(cookie: string, id: string) {
  const { body } = await callApi(tokenQuery, { cookie, variables: { id } });
  return (body.data as { node: Record<string, unknown> | null }).node;
}

const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

/** The new secret a POST answered with: shown in its page, which nothing may keep, and nowhere else. */
async function shownSecret(page: Page, response: Response, heading: string): Promise<string> {
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toContain('no-store');
  const panel = page.getByRole('region', { name: heading });
  const secret = await panel.getByRole('textbox', { name: 'Token' }).inputValue();
  expect(secret).toMatch(/^lkpat_\w+$/);
  expect(page.url()).not.toContain(secret);
  expect(JSON.stringify(await page.context().cookies())).not.toContain(secret);
  return secret;
}

/**
 * axe runs as a script, which this browser does not run: the page as it was sent is checked in a browser that does,
 * served from the same origin (so its styles load) without the app's scripts (so it stays as it was sent).
 */
async function violationsWithoutScripts(page: Page): Promise<string[]> {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/g, '');
  const checker = await openBrowser();
  try {
    await checker.page.route('**/axe-snapshot', (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await checker.page.goto('/axe-snapshot');
    await checker.page.locator('main').waitFor();
    return await seriousViolations(checker.page);
  } finally {
    await checker.close();
  }
}

describe("a token's page without JavaScript", () => {
  it('revokes, restores, rotates with the overlap chosen (the secret shown once), and deletes', async () => {
    browser = await openBrowser({ javaScriptEnabled: false });
    const { page } = browser;
    await signUpWithoutJavaScript(page);
    const cookie = await sessionCookie(page);
    const { id, secret: first } = await generateWithSecret(cookie, 'page-bot');
    const tokenPath = `/settings/tokens/${encodeURIComponent(id)}`;
    await page.goto(tokenPath);

    await submit(page, 'Revoke');
    await submit(page, 'Revoke', page.getByRole('region', { name: 'Revoke token?' }));
    await status(page, 'Token “page-bot” revoked.').waitFor();
    expect(await bearerStatus(first)).toBe('refused');

    await submit(page, 'Restore');
    await submit(page, 'Restore', page.getByRole('region', { name: 'Restore token?' }));
    await status(page, 'Token “page-bot” restored.').waitFor();
    expect(await bearerStatus(first)).toBe('accepted');

    // Rotated with the old secret stopping at once.
    await submit(page, 'Rotate');
    expect(new URL(page.url()).searchParams.get('confirm')).toBe('rotate');
    let question = page.getByRole('region', { name: 'Rotate token?' });
    expect(await question.getByRole('radio', { name: 'Keeps working for 1 hour' }).isChecked()).toBe(true);
    await question.getByRole('radio', { name: 'Stops at once' }).check();
    const second = await shownSecret(page, await post(page, 'Rotate', question), 'Token Successfully Rotated');
    expect(second).not.toBe(first);
    expect(await bearerStatus(first)).toBe('refused');
    expect(await bearerStatus(second)).toBe('accepted');

    // "I have saved it" leads back to the token's page, which never shows the secret again.
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'I have saved it' }).click()]);
    expect(new URL(page.url()).pathname).toBe(tokenPath);
    expect(await page.content()).not.toContain(second);

    // Rotated with an hour of overlap: both secrets work, and the page says until when.
    await submit(page, 'Rotate');
    question = page.getByRole('region', { name: 'Rotate token?' });
    const third = await shownSecret(page, await post(page, 'Rotate', question), 'Token Successfully Rotated');
    expect(await bearerStatus(second)).toBe('accepted');
    expect(await bearerStatus(third)).toBe('accepted');
    await page.goto(tokenPath);
    const until = await page
      .locator('dl')
      .getByText('Previous secret valid until')
      .locator('time')
      .getAttribute('datetime');
    const overlap = Date.parse(until ?? '') - Date.now();
    expect(overlap).toBeGreaterThan(55 * 60 * 1000);
    expect(overlap).toBeLessThanOrEqual(60 * 60 * 1000);

    await submit(page, 'Revoke');
    await submit(page, 'Revoke', page.getByRole('region', { name: 'Revoke token?' }));
    await submit(page, 'Delete');
    await submit(page, 'Delete', page.getByRole('region', { name: 'Delete token permanently?' }));
    await status(page, 'Token “page-bot” deleted.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/tokens');
    expect(await tokenRow(page, 'page-bot').count()).toBe(0);
    expect(await tokenThroughApi(cookie, id)).toBeNull();
  });

  it('rotates from a row of the list on the token’s own page', async () => {
    browser = await openBrowser({ javaScriptEnabled: false });
    const { page } = browser;
    await signUpWithoutJavaScript(page);
    const { id } = await generateWithSecret(await sessionCookie(page), 'row-bot');
    await page.goto('/settings/tokens');
    await submit(page, 'Rotate row-bot');
    expect(new URL(page.url()).pathname).toBe(`/settings/tokens/${encodeURIComponent(id)}`);
    const question = page.getByRole('region', { name: 'Rotate token?' });
    await shownSecret(page, await post(page, 'Rotate', question), 'Token Successfully Rotated');
  });

  it(
    'edits: a refused field is shown beside it with everything typed kept, then the edit is saved',
    async () => {
      browser = await openBrowser({ javaScriptEnabled: false });
      const { page } = browser;
      await signUpWithoutJavaScript(page);
      const cookie = await sessionCookie(page);
      await generateWithSecret(cookie, 'taken-name');
      const { id } = await generateWithSecret(cookie, 'edit-bot');
      await page.goto(`/settings/tokens/${encodeURIComponent(id)}`);

      await submit(page, 'Edit');
      const form = page.getByRole('form', { name: 'Edit token' });
      await form.getByRole('textbox', { name: 'Token Name' }).fill('taken-name');
      await form.getByRole('textbox', { name: 'Description' }).fill('nightly report job');
      await form.getByRole('checkbox', { name: 'tokens:read' }).uncheck();
      await form.getByRole('combobox', { name: 'Expiration' }).selectOption({ label: '7 days from now' });
      const refused = await post(page, 'Save changes', form);
      expect(refused.status()).toBe(400);

      const name = form.getByRole('textbox', { name: 'Token Name' });
      expect(await name.getAttribute('aria-invalid')).toBe('true');
      await form.getByText('You already have a token named "taken-name".').waitFor();
      expect(await name.inputValue()).toBe('taken-name');
      expect(await form.getByRole('textbox', { name: 'Description' }).inputValue()).toBe('nightly report job');
      expect(await form.getByRole('checkbox', { name: 'tokens:read' }).isChecked()).toBe(false);
      expect(await form.getByRole('checkbox', { name: 'profile:read' }).isChecked()).toBe(true);
      expect(await form.getByRole('combobox', { name: 'Expiration' }).inputValue()).toBe('DAYS_7');
      expect(await tokenThroughApi(cookie, id)).toMatchObject({ name: 'edit-bot', description: null });
      expect(await violationsWithoutScripts(page)).toEqual([]);

      // A check the form makes before the API: an empty name, beside its field, without losing the rest.
      await name.fill('');
      await post(page, 'Save changes', form);
      expect(await name.getAttribute('aria-invalid')).toBe('true');
      expect(await form.getByRole('textbox', { name: 'Description' }).inputValue()).toBe('nightly report job');

      await name.fill('nightly-reports');
      expect((await post(page, 'Save changes', form)).status()).toBe(200);
      await status(page, 'Changes saved.').waitFor();
      expect(await page.getByRole('form', { name: 'Edit token' }).count()).toBe(0);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('nightly-reports');
      expect(await tokenThroughApi(cookie, id)).toEqual({
        name: 'nightly-reports',
        description: 'nightly report job',
        status: 'ACTIVE',
        permissions: [{ name: 'profile:read' }],
      });

      // Cancel is a link back to the page.
      await submit(page, 'Edit');
      await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'Cancel' }).click()]);
      expect(await page.getByRole('form', { name: 'Edit token' }).count()).toBe(0);
    },
    AXE_TIMEOUT,
  );
});

describe('the password asked again without JavaScript', () => {
  it('keeps a generate form’s fields through the password prompt, and never puts them in a URL', async () => {
    browser = await openBrowser({ javaScriptEnabled: false });
    const { page } = browser;
    const email = await signUpWithoutJavaScript(page);
    expireRecentPasswordEntry(email);

    await page.goto('/settings/tokens/new');
    const main = page.locator('main');
    await main.getByLabel('Token Name').fill('sudo-writer');
    await main.getByLabel('Description', { exact: true }).fill('deploys from CI');
    await main.getByRole('checkbox', { name: 'tokens:write', exact: true }).check();
    const asked = await post(page, 'Generate', main);
    expect(asked.status()).toBe(403);
    const prompt = page.getByRole('region', { name: 'Confirm your password' });
    expect(new URL(page.url()).pathname).toBe('/settings/tokens/new');

    await prompt.getByLabel('Password').fill('not my password');
    expect((await post(page, 'Confirm and generate', prompt)).status()).toBe(400);
    await prompt.getByText('The password is incorrect.').waitFor();
    expect(await prompt.getByLabel('Password').inputValue()).toBe('');

    await prompt.getByLabel('Password').fill(PASSWORD);
    const generated = await post(page, 'Confirm and generate', prompt);
    expect(generated.request().url()).not.toContain(PASSWORD);
    const secret = await shownSecret(page, generated, 'Token Successfully Generated');
    expect(await page.getByRole('region', { name: 'Token Successfully Generated' }).textContent()).toContain(
      'sudo-writer',
    );

    // The token generated is the one typed, and its secret the one shown.
    const { body } = await callApi(
      '{ viewer { tokens(first: 5) { edges { node { name description hint permissions { name } } } } } }',
      { cookie: await sessionCookie(page) },
    );
    expect(body).toEqual({
      data: {
        viewer: {
          tokens: {
            edges: [
              {
                node: {
                  name: 'sudo-writer',
                  description: 'deploys from CI',
                  hint: `lkpat_…${secret.slice(-4)}`,
                  permissions: [{ name: 'tokens:write' }],
                },
              },
            ],
          },
        },
      },
    });
  });

  it(
    'keeps the overlap chosen for a rotation through the password prompt',
    async () => {
      browser = await openBrowser({ javaScriptEnabled: false });
      const { page } = browser;
      const email = await signUpWithoutJavaScript(page);
      const { id, secret: old } = await generateWithSecret(await sessionCookie(page), 'sudo-rotate');
      expireRecentPasswordEntry(email);

      await page.goto(`/settings/tokens/${encodeURIComponent(id)}?confirm=rotate`);
      const question = page.getByRole('region', { name: 'Rotate token?' });
      expect(await violationsWithoutScripts(page)).toEqual([]);
      await question.getByRole('radio', { name: 'Stops at once' }).check();
      expect((await post(page, 'Rotate', question)).status()).toBe(403);
      const prompt = page.getByRole('region', { name: 'Confirm your password' });
      expect(await bearerStatus(old)).toBe('accepted');
      expect(await violationsWithoutScripts(page)).toEqual([]);

      await prompt.getByLabel('Password').fill(PASSWORD);
      const secret = await shownSecret(
        page,
        await post(page, 'Confirm and rotate', prompt),
        'Token Successfully Rotated',
      );
      expect(await bearerStatus(old)).toBe('refused');
      expect(await bearerStatus(secret)).toBe('accepted');
    },
    AXE_TIMEOUT,
  );
});

describe('Load more without JavaScript', () => {
  it('shows the next page of the filtered list as a GET, keeping the filters and the pages before', async () => {
    browser = await openBrowser({ javaScriptEnabled: false });
    const { page } = browser;
    await signUpWithoutJavaScript(page);
    const cookie = await sessionCookie(page);
    const names = Array.from({ length: 45 }, (_, index) => `batch-${String(index).padStart(2, '0')}`);
    for (const name of names) await generateWithSecret(cookie, name, ['profile:read']);
    await generateWithSecret(cookie, 'unrelated', ['profile:read']);
    const revoked = await generateWithSecret(cookie, 'batch-revoked', ['profile:read']);
    await callApi('mutation ($id: ID!) { revokeToken(id: $id) { __typename } }', {
      cookie,
      variables: { id: revoked.id },
    });

    await page.goto('/settings/tokens?status=active&search=batch');
    const rowNames = async () =>
      (await page.getByRole('rowheader').locator('a').allTextContents()).map((n) => n.trim());
    const newestFirst = [...names].reverse();
    expect(await rowNames()).toEqual(newestFirst.slice(0, 20));
    await page.getByText('Showing 20 of 45').waitFor();

    await submit(page, 'Load more');
    let query = new URL(page.url()).searchParams;
    expect([query.get('status'), query.get('search'), query.getAll('after').length]).toEqual(['active', 'batch', 1]);
    expect(await rowNames()).toEqual(newestFirst.slice(0, 40));
    await page.getByText('Showing 40 of 45').waitFor();

    await submit(page, 'Load more');
    query = new URL(page.url()).searchParams;
    expect(query.getAll('after').length).toBe(2);
    expect(await rowNames()).toEqual(newestFirst);
    await page.getByText('Showing 45 of 45').waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    // The filters form starts the list again from its first page.
    await page.getByLabel('Search tokens by name').fill('batch-4');
    await submit(page, 'Apply');
    expect(new URL(page.url()).searchParams.getAll('after')).toEqual([]);
    expect(await rowNames()).toEqual(['batch-44', 'batch-43', 'batch-42', 'batch-41', 'batch-40']);
  });
});

describe('the same pages with JavaScript', () => {
  it('loads more, edits and rotates through urql without posting a page', async () => {
    browser = await openBrowser();
    const { page } = browser;
    await signUp(page);
    const cookie = await sessionCookie(page);
    for (let index = 0; index < 22; index++) await generateWithSecret(cookie, `js-${String(index).padStart(2, '0')}`);

    const documents: string[] = [];
    page.on('request', (request) => {
      if (request.isNavigationRequest()) documents.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });

    // A list the server rendered with a page after the first is taken over by urql without fetching it again.
    const graphqlRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/graphql') graphqlRequests.push(request.postData() ?? '');
    });
    await page.goto('/settings/tokens');
    await page.waitForLoadState('networkidle');
    graphqlRequests.length = 0;
    documents.length = 0;
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText('Showing 22 of 22').waitFor();
    await eventually(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('js-01');
    expect(new URL(page.url()).searchParams.getAll('after')).toEqual([]);
    expect(graphqlRequests).toHaveLength(1);
    expect(documents).toEqual([]);

    const after = JSON.parse(graphqlRequests[0] ?? '{}').variables.after as string;
    graphqlRequests.length = 0;
    await page.goto(`/settings/tokens?after=${encodeURIComponent(after)}`);
    await page.getByText('Showing 22 of 22').waitFor();
    await page.waitForLoadState('networkidle');
    expect(graphqlRequests).toEqual([]);

    await page.getByRole('link', { name: 'js-21' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/settings/tokens/'));
    await page.waitForLoadState('networkidle');
    documents.length = 0;

    await page.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit token' });
    await form.getByRole('textbox', { name: 'Description' }).fill('edited in place');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await status(page, 'Changes saved.').waitFor();
    await page.locator('dl').getByText('edited in place').waitFor();

    await page.getByRole('button', { name: 'Rotate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate token?' });
    await dialog.getByRole('button', { name: 'Rotate' }).click();
    const modal = page.getByRole('dialog', { name: 'Token Successfully Generated' });
    expect(await modal.getByRole('textbox', { name: 'Token' }).inputValue()).toMatch(/^lkpat_/);
    await modal.getByRole('button', { name: 'I have saved it' }).click();
    await status(page, 'Token “js-21” rotated.').waitFor({ state: 'attached' });
    expect(documents).toEqual([]);
  });
});
