import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callApi,
  eventually,
  generateThroughApi,
  generateToken,
  seedTokens,
  sessionCookie,
  signUp,
  tokenRow,
} from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

let browser: BrowserSession;

beforeEach(async () => {
  browser = await openBrowser();
});

afterEach(async () => {
  await browser.close();
});

const revoke = (cookie: string, id: string) =>
  callApi('mutation ($id: ID!) { revokeToken(id: $id) { __typename } }', { cookie, variables: { id } });

const names = () =>
  browser.page
    .getByRole('rowheader')
    .evaluateAll((cells) => cells.map((cell) => cell.querySelector('a')?.textContent?.trim()));

describe('the token list', () => {
  it('counts every token of the account whatever the filter, and how many of the limit are used', async () => {
    const { page } = browser;
    await signUp(page);
    const cookie = await sessionCookie(page);
    await generateThroughApi(cookie, 'alpha');
    await revoke(cookie, await generateThroughApi(cookie, 'beta'));
    await generateThroughApi(cookie, 'gamma');
    await page.reload();

    const counter = page.getByRole('heading', { name: /^Your tokens/ });
    await eventually(async () => (await counter.textContent())?.replace(/\s+/g, ' ').trim()).toBe('Your tokens 3');
    await page.getByText('3 of 100 tokens').waitFor();

    await page.getByRole('radio', { name: 'Revoked' }).check();
    await eventually(names).toEqual(['beta']);
    await page.getByText('Showing 1 of 1').waitFor();
    await page.getByRole('searchbox', { name: 'Search tokens by name' }).fill('nothing like it');
    await page.getByText('No tokens match.').waitFor();
    expect((await counter.textContent())?.replace(/\s+/g, ' ').trim()).toBe('Your tokens 3');
  });

  it('keeps the status filter and the search in the URL, through a reload and Back', async () => {
    const { page } = browser;
    await signUp(page);
    const cookie = await sessionCookie(page);
    await revoke(cookie, await generateThroughApi(cookie, 'alpha-build'));
    await generateThroughApi(cookie, 'beta-build');
    await revoke(cookie, await generateThroughApi(cookie, 'gamma-deploy'));
    await page.reload();
    await eventually(names).toEqual(['gamma-deploy', 'beta-build', 'alpha-build']);

    const search = page.getByRole('searchbox', { name: 'Search tokens by name' });
    await page.getByRole('radio', { name: 'Revoked' }).check();
    await search.fill('build');
    await eventually(names).toEqual(['alpha-build']);
    await eventually(() => new URL(page.url()).search).toBe('?status=revoked&search=build');
    // Typing stays in the search field while the URL follows.
    expect(await search.evaluate((element) => element === document.activeElement)).toBe(true);

    await page.reload();
    await eventually(names).toEqual(['alpha-build']);
    expect(await page.getByRole('radio', { name: 'Revoked' }).isChecked()).toBe(true);
    expect(await search.inputValue()).toBe('build');

    await page.getByRole('link', { name: 'alpha-build' }).click();
    await page.waitForURL(/\/settings\/tokens\/[^?]+$/);
    await page.goBack();
    await eventually(names).toEqual(['alpha-build']);
    expect(await page.getByRole('radio', { name: 'Revoked' }).isChecked()).toBe(true);
    expect(await search.inputValue()).toBe('build');

    // The Tokens link of the settings navigation shows the whole list again.
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Tokens' }).click();
    await eventually(names).toEqual(['gamma-deploy', 'beta-build', 'alpha-build']);
    expect(await page.getByRole('radio', { name: 'All' }).isChecked()).toBe(true);
    expect(await search.inputValue()).toBe('');
  });

  it('moves focus to the first newly loaded token after Load more', async () => {
    const { page } = browser;
    await signUp(page);
    const cookie = await sessionCookie(page);
    for (let index = 1; index <= 23; index++)
      await generateThroughApi(cookie, `token-${String(index).padStart(2, '0')}`);
    await page.reload();
    await page.getByText('Showing 20 of 23').waitFor();

    await page.getByRole('button', { name: 'Load more' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Showing 23 of 23').waitFor();
    await eventually(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('token-03');
    expect(await page.evaluate(() => document.activeElement?.closest('th')?.getAttribute('scope'))).toBe('row');
  });

  it('confirms a revoke, a restore and a delete with a visible notice that leaves focus alone', async () => {
    const { page } = browser;
    await signUp(page);
    await generateToken(page, { name: 'kept' });
    await generateToken(page, { name: 'noticed' });
    const row = tokenRow(page, 'noticed');
    const notice = page.getByRole('status').filter({ hasText: /^Token “noticed”/ });

    await row.getByRole('button', { name: 'Revoke noticed' }).click();
    await page.getByRole('dialog', { name: 'Revoke token?' }).getByRole('button', { name: 'Revoke' }).click();
    await notice.filter({ hasText: 'Token “noticed” revoked.' }).waitFor();
    expect(await notice.isVisible()).toBe(true);
    const box = await notice.boundingBox();
    const viewport = page.viewportSize();
    expect(box && viewport && box.y + box.height <= viewport.height && box.y >= 0).toBe(true);
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Restore noticed',
    );

    await page.getByRole('button', { name: 'Dismiss' }).click();
    await eventually(() => notice.count()).toBe(0);

    await row.getByRole('button', { name: 'Restore noticed' }).click();
    await page.getByRole('dialog', { name: 'Restore token?' }).getByRole('button', { name: 'Restore' }).click();
    await notice.filter({ hasText: 'Token “noticed” restored.' }).waitFor();
    expect(await notice.isVisible()).toBe(true);

    await row.getByRole('button', { name: 'Revoke noticed' }).click();
    await page.getByRole('dialog', { name: 'Revoke token?' }).getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Delete noticed' }).click();
    await page
      .getByRole('dialog', { name: 'Delete token permanently?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await notice.filter({ hasText: 'Token “noticed” deleted.' }).waitFor();
    expect(await notice.isVisible()).toBe(true);
  });

  it('keeps every column’s width when a token is revoked, and “Never used” on one line', async () => {
    const { page } = browser;
    await signUp(page);
    const cookie = await sessionCookie(page);
    await generateThroughApi(cookie, 'grafana-dashboard', ['profile:read', 'audit:read']);
    await generateThroughApi(cookie, 'ci', ['tokens:read']);
    await page.reload();
    const row = tokenRow(page, 'grafana-dashboard');
    await row.waitFor();
    const widths = () =>
      page.locator('thead th').evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().width));
    const before = await widths();

    await row.getByRole('button', { name: 'Revoke grafana-dashboard' }).click();
    await page.getByRole('dialog', { name: 'Revoke token?' }).getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Restore grafana-dashboard' }).waitFor();
    expect(await widths()).toEqual(before);
    const neverUsed = page.getByText('Never used').first();
    const lineHeight = await neverUsed.evaluate((element) => Number.parseFloat(getComputedStyle(element).lineHeight));
    expect((await neverUsed.boundingBox())?.height).toBeLessThan(lineHeight * 1.5);
  });

  it('fits every token’s details in its column, in every state', async () => {
    const { page } = browser;
    await signUp(page);
    await seedTokens(page);
    // Fixed widths, yet wide enough: nothing spills out of its cell.
    const spilling = await page
      .locator('tbody th, tbody td')
      .evaluateAll((cells) =>
        cells.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent),
      );
    expect(spilling).toEqual([]);
  });
});
