import type { Locator } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { callApi, sessionCookie, signUp } from './support/app';
import { seriousViolations } from './support/axe';
import { type BrowserSession, openBrowser } from './support/browser';

let browser: BrowserSession | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

async function generateWithSecret(cookie: string, name: string) {
  const { body } = await callApi(
    'mutation ($input: GenerateTokenInput!) { generateToken(input: $input) { ... on GenerateTokenSuccess { secret token { id } } } }',
    { cookie, variables: { input: { name, expiration: 'DAYS_30', permissions: ['profile:read'] } } },
  );
  const { secret, token } = (body.data as { generateToken: { secret: string; token: { id: string } } }).generateToken;
  return { secret, id: token.id };
}

/** Each row's cells, as text. */
function rowsOf(table: Locator) {
  return table
    .getByRole('row')
    .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent?.trim())));
}

/** Today as the chart names UTC days. */
const today = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date());

describe.each(['light', 'dark'] as const)('a token’s activity in the %s theme', (colorScheme) => {
  it('charts the uses of today, by operation, and the address they came from', async () => {
    browser = await openBrowser({ colorScheme });
    const { page } = browser;
    await signUp(page);
    const { secret, id } = await generateWithSecret(await sessionCookie(page), 'activity-bot');
    for (let use = 0; use < 3; use++) {
      const { body } = await callApi('query WhoAmI { viewer { id } }', { bearer: secret });
      expect(body.errors).toBeUndefined();
    }

    await page.goto(`/settings/tokens/${encodeURIComponent(id)}`);
    const chart = page.getByRole('img', { name: /requests in the last 30 days/ });
    // The API writes counts every few seconds; until then the page says the token was not used.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { name: 'Activity (last 30 days)' }).waitFor();
          return (await chart.count()) > 0 ? chart.getAttribute('aria-label') : null;
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(`3 requests in the last 30 days, most on ${today}: 3`);

    const byService = page.getByRole('table', { name: 'By service' });
    expect(await rowsOf(byService)).toEqual([
      ['Service', 'Operation', 'Requests'],
      ['Latchkey', 'WhoAmI', '3'],
    ]);
    const addresses = await rowsOf(page.getByRole('table', { name: 'Addresses' }));
    expect(addresses).toEqual([
      ['Address', 'First seen', 'Last seen', 'Requests'],
      ['127.0.0.1', expect.any(String), expect.any(String), '3'],
    ]);

    await page.getByText('Requests per day').click();
    const perDay = page.getByRole('table', { name: 'Requests per day' });
    expect(await rowsOf(perDay)).toEqual([
      ['Day (UTC)', 'Requests'],
      [today, '3'],
    ]);
    expect(await seriousViolations(page), 'detail page with activity').toEqual([]);
  });
});
