import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, eventually, generateToken, sessionCookie, signUp } from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

let browser: BrowserSession;

beforeEach(async () => {
  browser = await openBrowser();
});

// Fails on any page error or Content-Security-Policy violation: GraphiQL must run within its policy.
afterEach(async () => {
  await browser.close();
});

/** Opens GraphiQL at the API's path, as a person types the address, and waits for its editor. */
async function openGraphiQL(page: Page) {
  const response = await page.goto('/graphql');
  expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'none'; script-src 'nonce-[^']+';/);
  await page.getByRole('button', { name: /Execute query/ }).waitFor();
}

/** Replaces the text of one of GraphiQL's visible editors by pasting (typing would meet Monaco's auto-closing). */
async function pasteInto(page: Page, editor: string, text: string) {
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((pasted) => navigator.clipboard.writeText(pasted), text);
  await page.locator(`${editor} .graphiql-editor:not(.hidden) .monaco-editor`).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

async function runQuery(page: Page, query: string) {
  await pasteInto(page, '.graphiql-query-editor', query);
  await page.getByRole('button', { name: /Execute query/ }).click();
  // Monaco draws the result line by line, spaces as no-break spaces.
  const result = async () => ((await page.locator('.graphiql-response').textContent()) ?? '').replace(/\s+/g, ' ');
  await eventually(async () => (await result()).includes('"data"')).toBe(true);
  return JSON.parse(await result()) as { data: unknown };
}

describe('GraphiQL', () => {
  it('runs a query as the signed-in person, with the session cookie', async () => {
    const { page } = browser;
    await signUp(page);
    const { body } = await callApi('{ viewer { id } }', { cookie: await sessionCookie(page) });

    await openGraphiQL(page);
    expect(await runQuery(page, '{ viewer { id } }')).toEqual(body);
  });

  it('runs a query as the token pasted into its headers, without a session', async () => {
    const { page, context } = browser;
    const email = await signUp(page);
    const secret = await generateToken(page, { name: 'graphiql', permissions: ['profile:read'] });
    await context.clearCookies();

    await openGraphiQL(page);
    await page.getByRole('button', { name: 'Headers' }).click();
    await pasteInto(page, '.graphiql-editor-tool', JSON.stringify({ Authorization: `Bearer ${secret}` }));
    expect(await runQuery(page, '{ viewer { email } }')).toEqual({ data: { viewer: { email } } });
  });
});
