import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { callApi, eventually, generateThroughApi, sessionCookie, signUp, tokenRow } from './support/app';
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
      /^Name nightly-report Description No description Status Active Secret lkpat_…\w{4} Permissions Latchkey profile:read .*tokens:read .* Created .* Expires .* Last used Never used$/,
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
