import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  callApi,
  eventually,
  generateThroughApi,
  openGenerateForm,
  sessionCookie,
  signUp,
  tokenRow,
} from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

let browser: BrowserSession | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

const collapsed = (text: string | null) => text?.replace(/\s+/g, ' ').trim();

describe.each(['light', 'dark'] as const)('the token detail page in the %s theme', (colorScheme) => {
  it('opens from the list, shows the token, and edits it: the change shows on the page, in the list and in the API', async () => {
    browser = await openBrowser({ colorScheme });
    const { page } = browser;
    await signUp(page);
    const cookie = await sessionCookie(page);
    const id = await generateThroughApi(cookie, 'nightly-report', ['profile:read', 'tokens:read']);
    await page.goto('/settings/tokens');

    const row = tokenRow(page, 'nightly-report');
    await row.getByRole('link', { name: 'nightly-report' }).click();
    await page.waitForURL(`**/settings/tokens/${encodeURIComponent(id)}`);
    const details = page.locator('dl');
    await details.waitFor();
    // The permissions are grouped by service once the catalogue has loaded.
    await eventually(async () => collapsed(await details.textContent())).toMatch(
      /^Name nightly-report Description No description Status Active Secret lkpat_…\w{4} Permissions Latchkey profile:read .*tokens:read .* Created .* Expires .* Last used Never used Allowed addresses Any address Rate limit No limit Quota No quota$/,
    );
    expect(await seriousViolations(page), 'detail page').toEqual([]);

    await page.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit token' });
    await form.waitFor();
    expect(await seriousViolations(page), 'edit form').toEqual([]);
    await form.getByLabel('Token Name').fill('weekly-report');
    await form.getByLabel('Description').fill('Builds the Monday report');
    await form.getByRole('checkbox', { name: 'tokens:read' }).uncheck();
    await form.getByLabel('Expiration', { exact: true }).selectOption('DAYS_7');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.waitFor({ state: 'hidden' });

    await eventually(async () => collapsed(await details.textContent())).toMatch(
      /^Name weekly-report Description Builds the Monday report Status Active .* Permissions Latchkey profile:read [\s\S]*Expires/,
    );
    expect(collapsed(await details.textContent())).not.toContain('tokens:read');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('weekly-report');

    const { body } = await callApi(
      'query ($id: ID!) { node(id: $id) { ... on PersonalAccessToken { name description permissions { name } expiresAt } } }',
      { cookie, variables: { id } },
    );
    const node = (body.data as { node: { name: string; description: string; permissions: unknown; expiresAt: string } })
      .node;
    expect(node).toMatchObject({
      name: 'weekly-report',
      description: 'Builds the Monday report',
      permissions: [{ name: 'profile:read' }],
    });
    const lifetime = Date.parse(node.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(6.9 * 24 * 60 * 60 * 1000);
    expect(lifetime).toBeLessThanOrEqual(7 * 24 * 60 * 60 * 1000);

    await page.getByRole('link', { name: 'All tokens' }).click();
    const edited = tokenRow(page, 'weekly-report');
    await edited.waitFor();
    expect(collapsed(await edited.getByRole('rowheader').textContent())).toContain('Builds the Monday report');
  });
});

describe('rotating from the token detail page', () => {
  it('shows the new secret once, then the new hint and until when the previous secret keeps working', async () => {
    browser = await openBrowser();
    const { page } = browser;
    await signUp(page);
    const id = await generateThroughApi(await sessionCookie(page), 'deploy-bot');
    await page.goto(`/settings/tokens/${encodeURIComponent(id)}`);
    const details = page.locator('dl');
    await eventually(async () => collapsed(await details.textContent())).toMatch(
      /Status Active Secret lkpat_…\w{4} Permissions/,
    );
    expect(collapsed(await details.textContent())).not.toMatch(/Rotated|Previous secret/);

    await page.getByRole('button', { name: 'Rotate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate token?' });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: 'Keeps working for 1 day' }).check();
    await dialog.getByRole('button', { name: 'Rotate' }).click();

    const modal = page.getByRole('dialog', { name: 'Token Successfully Generated' });
    await modal.waitFor();
    const secret = await modal.getByRole('textbox', { name: 'Token' }).inputValue();
    expect(secret).toMatch(/^lkpat_\w+$/);
    await modal.getByRole('button', { name: 'I have saved it' }).click();
    await modal.waitFor({ state: 'hidden' });
    expect(await page.content()).not.toContain(secret);

    await eventually(async () => collapsed(await details.textContent())).toMatch(
      new RegExp(
        `Secret lkpat_…${secret.slice(-4)} Previous secret valid until .+ Permissions .* Created .+ Rotated .+ Expires`,
      ),
    );
    const until = await details.getByText('Previous secret valid until').locator('time').getAttribute('datetime');
    const overlap = Date.parse(until ?? '') - Date.now();
    expect(overlap).toBeGreaterThan(23 * 60 * 60 * 1000);
    expect(overlap).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
    await page.getByRole('status').filter({ hasText: 'Token “deploy-bot” rotated.' }).waitFor({ state: 'attached' });
  });
});

describe.each(['light', 'dark'] as const)('restrictions in the %s theme', (colorScheme) => {
  it('generates a token held to addresses, a rate limit and a quota, shows them with the uses left, and edits one away', async () => {
    browser = await openBrowser({ colorScheme });
    const { page } = browser;
    await signUp(page);
    const form = await openGenerateForm(page);
    await form.getByLabel('Token Name').fill('limited-bot');
    await form.getByRole('checkbox', { name: 'profile:read', exact: true }).check();
    await form.getByText('Restrictions').click();
    await form.getByLabel('Allowed addresses').fill('127.0.0.1\n10.0.0.0/8');
    await form.getByRole('textbox', { name: 'Rate limit' }).fill('100');
    await form.getByRole('combobox', { name: 'Rate limit window' }).selectOption({ label: 'requests per hour' });
    await form.getByRole('textbox', { name: 'Quota' }).fill('5');
    await form.getByRole('combobox', { name: 'Quota refill' }).selectOption({ label: 'uses, per month' });
    expect(await seriousViolations(page), 'generate form with restrictions').toEqual([]);
    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    const modal = page.getByRole('dialog', { name: 'Token Successfully Generated' });
    await modal.waitFor();
    const secret = await modal.getByRole('textbox', { name: 'Token' }).inputValue();
    await modal.getByRole('button', { name: 'I have saved it' }).click();
    await modal.waitFor({ state: 'hidden' });

    // One use from an allowed address (this machine) counts against the quota.
    const used = await callApi('{ viewer { id } }', { bearer: secret });
    expect(used.body.errors).toBeUndefined();

    await tokenRow(page, 'limited-bot').getByRole('link', { name: 'limited-bot' }).click();
    const details = page.locator('dl');
    await eventually(async () => collapsed(await details.textContent())).toMatch(
      /Allowed addresses 127\.0\.0\.1\/3210\.0\.0\.0\/8 0 requests from other addresses refused Rate limit 100 requests per hour Quota 4 of 5 uses left this month Refills on \w{3} 1, \d{4} at 00:00 UTC$/,
    );
    expect(await seriousViolations(page), 'detail page with restrictions').toEqual([]);

    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit token' });
    await edit.waitFor();
    expect(await edit.getByRole('textbox', { name: 'Rate limit' }).inputValue()).toBe('100');
    expect(await seriousViolations(page), 'edit form with restrictions').toEqual([]);
    await edit.getByRole('textbox', { name: 'Rate limit' }).fill('');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'hidden' });

    await eventually(async () => collapsed(await details.textContent())).toMatch(
      /Rate limit No limit Quota 4 of 5 uses left this month/,
    );
    const { body } = await callApi(
      '{ viewer { tokens(first: 1) { edges { node { allowedAddresses rateLimit { requests } quota { uses refill remaining } } } } } }',
      { cookie: await sessionCookie(page) },
    );
    expect(body.data).toEqual({
      viewer: {
        tokens: {
          edges: [
            {
              node: {
                allowedAddresses: ['127.0.0.1/32', '10.0.0.0/8'],
                rateLimit: null,
                quota: { uses: 5, refill: 'MONTH', remaining: 4 },
              },
            },
          ],
        },
      },
    });
  });
});
