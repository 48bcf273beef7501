import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { callApi, eventually, generateThroughApi, generateToken, sessionCookie, signUp, tokenRow } from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

let browser: BrowserSession | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/** A user agent a spreadsheet would run as a formula, with the commas and quotes CSV must quote. */
const HOSTILE_USER_AGENT = '=HYPERLINK("https://evil.example","open"), "quoted"';

/** A wrong password sent by a script that chose its own User-Agent: the audit log keeps whatever it says. */
async function failSignInAs(email: string, userAgent: string) {
  const response = await fetch(`${inject('baseURL')}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({
      query: 'mutation ($input: SignInInput!) { signIn(input: $input) { __typename } }',
      variables: { input: { email, password: 'not my password' } },
    }),
  });
  expect(response.status).toBe(200);
}

async function openAuditLog(page: Page) {
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Audit log' }).click();
  await page.waitForURL('**/settings/audit');
}

const eventTable = (page: Page) => page.getByRole('table', { name: 'Your audit log, newest first' });

const collapsed = (texts: string[]) => texts.map((text) => text.replace(/\s+/g, ' ').trim());

/** The events the table shows, top to bottom, once it has loaded. */
async function shownEvents(page: Page) {
  await eventTable(page).and(page.locator('[aria-busy="false"]')).waitFor();
  return collapsed(await eventTable(page).getByRole('rowheader').allTextContents());
}

async function download(page: Page, button: string) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

describe('the audit log page', () => {
  it('lists the account’s events newest first, filters them in the URL, and downloads them as CSV and JSON', async () => {
    browser = await openBrowser();
    const { page } = browser;
    const email = await signUp(page);
    await openAuditLog(page);
    await page.getByText('Nothing has happened on your account yet.').waitFor();

    await page.goto('/settings/tokens');
    await generateToken(page, { name: 'ci' });
    await generateThroughApi(await sessionCookie(page), 'deploy');
    await page.reload();
    await tokenRow(page, 'ci').getByRole('button', { name: 'Revoke ci' }).click();
    const revokeDialog = page.getByRole('dialog', { name: 'Revoke token?' });
    await revokeDialog.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('status').filter({ hasText: 'Token “ci” revoked.' }).waitFor();
    await failSignInAs(email, HOSTILE_USER_AGENT);

    await openAuditLog(page);
    await eventually(() => shownEvents(page)).toEqual([
      'Sign-in failed: wrong password',
      'Token “ci” revoked',
      'Token “deploy” generated',
      'Token “ci” generated',
    ]);
    const revocation = eventTable(page).getByRole('row').filter({ hasText: 'Token “ci” revoked' });
    expect(collapsed(await revocation.getByRole('cell').allTextContents()).slice(1, 3)).toEqual([
      'Browser session',
      '127.0.0.1',
    ]);
    const time = revocation.locator('time');
    expect(new Date((await time.getAttribute('datetime')) ?? '').getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await time.getAttribute('title')).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    // Chromium's own user agent is long: shortened, and whole once expanded.
    await revocation.getByText(/^Mozilla\/5\.0 .*…$/).click();
    await revocation.getByText(/Chrome\/\S+ Safari\/\S+$/).waitFor();

    // Filter by action: the URL keeps it through a reload.
    await page.getByLabel('Action').selectOption({ label: 'Token revoked' });
    await page.waitForURL((url) => url.pathname === '/settings/audit' && url.search === '?action=token_revoked');
    await eventually(() => shownEvents(page)).toEqual(['Token “ci” revoked']);
    await page.reload();
    await expect.poll(() => page.getByLabel('Action').inputValue()).toBe('TOKEN_REVOKED');
    await eventually(() => shownEvents(page)).toEqual(['Token “ci” revoked']);

    // Filter by token as well, then by token alone.
    await page.getByLabel('Token', { exact: true }).selectOption({ label: 'ci' });
    await page.waitForURL(/[?&]token=/);
    const tokenId = new URL(page.url()).searchParams.get('token');
    await page.getByLabel('Action').selectOption({ label: 'All actions' });
    await page.waitForURL((url) => !url.searchParams.has('action'));
    await eventually(() => shownEvents(page)).toEqual(['Token “ci” revoked', 'Token “ci” generated']);

    const json = await download(page, 'Download JSON');
    expect(json.name).toMatch(/^latchkey-audit-log-\d{4}-\d{2}-\d{2}\.json$/);
    const document = JSON.parse(json.text);
    expect(document.filters).toEqual({ action: null, tokenId });
    expect(document.truncated).toBe(false);
    expect(document.events.map((event: { action: string; tokenName: string }) => event.action)).toEqual([
      'TOKEN_REVOKED',
      'TOKEN_GENERATED',
    ]);
    await page.getByRole('status').filter({ hasText: 'Downloaded 2 events as JSON.' }).waitFor();

    // Every event, with the hostile user agent quoted and defused.
    await page.getByLabel('Token', { exact: true }).selectOption({ label: 'All tokens' });
    await page.waitForURL((url) => url.search === '');
    await eventually(async () => (await shownEvents(page)).length).toBe(4);
    const csv = await download(page, 'Download CSV');
    expect(csv.name).toMatch(/^latchkey-audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(
      'time,action,description,actor,actorType,actorId,tokenId,tokenName,ip,userAgent,changes,rotationOverlap,refusedCount',
    );
    expect(lines.slice(1, -1).map((line) => line.split(',')[1])).toEqual([
      'SIGN_IN_FAILED',
      'TOKEN_REVOKED',
      'TOKEN_GENERATED',
      'TOKEN_GENERATED',
    ]);
    expect(lines[1]).toContain(`,"'=HYPERLINK(""https://evil.example"",""open""), ""quoted""",`);
    expect(lines.at(-1)).toBe('');
  });

  it('loads more events on demand and moves focus to the first new one', async () => {
    browser = await openBrowser();
    const { page } = browser;
    await signUp(page);
    const cookie = await sessionCookie(page);
    for (let index = 0; index < 52; index++) await generateThroughApi(cookie, `bulk-${String(index).padStart(2, '0')}`);

    await openAuditLog(page);
    const shown = await shownEvents(page);
    expect([shown.length, shown[0], shown.at(-1)]).toEqual([
      50,
      'Token “bulk-51” generated',
      'Token “bulk-02” generated',
    ]);
    await page.getByText('Showing 50 events; there are more').waitFor();

    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText('Showing 52 events').waitFor();
    expect(collapsed(await eventTable(page).getByRole('rowheader').allTextContents()).slice(50)).toEqual([
      'Token “bulk-01” generated',
      'Token “bulk-00” generated',
    ]);
    await eventually(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
      'Token “bulk-01” generated',
    );
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });

  it('shows one token’s events from a link, even once the token is deleted', async () => {
    browser = await openBrowser();
    const { page } = browser;
    await signUp(page);
    const cookie = await sessionCookie(page);
    const id = await generateThroughApi(cookie, 'old-laptop');
    await generateThroughApi(cookie, 'other');
    for (const mutation of ['revokeToken', 'deleteToken']) {
      const { body } = await callApi(`mutation ($id: ID!) { ${mutation}(id: $id) { __typename } }`, {
        cookie,
        variables: { id },
      });
      expect(JSON.stringify(body)).toMatch(/"__typename":"(Revoke|Delete)TokenSuccess"/);
    }

    await page.goto(`/settings/audit?token=${encodeURIComponent(id)}`);
    await eventually(() => shownEvents(page)).toEqual([
      'Token “old-laptop” deleted',
      'Token “old-laptop” revoked',
      'Token “old-laptop” generated',
    ]);
    await eventually(() =>
      page
        .getByLabel('Token', { exact: true })
        .evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text),
    ).toBe('old-laptop (deleted)');
  });
});
