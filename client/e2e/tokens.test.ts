import { readFile } from 'node:fs/promises';
import type { Locator } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callApi,
  eventually,
  expireRecentPasswordEntry,
  generateThroughApi,
  generateToken,
  openGenerateForm,
  PASSWORD,
  sessionCookie,
  signUp,
  tokenRow,
  updateTokenInDatabase,
} from './support/app';
import { type BrowserSession, openBrowser } from './support/browser';

const DAY = 24 * 60 * 60 * 1000;
const viewerQuery = '{ viewer { email } }';

let browser: BrowserSession;

beforeEach(async () => {
  browser = await openBrowser();
});

afterEach(async () => {
  await browser.close();
});

/** The texts an element's `aria-describedby` points at, in order, with their spaces collapsed. */
async function descriptionsOf(element: Locator) {
  const ids = (await element.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const texts = await Promise.all(ids.map((id) => element.page().locator(`[id="${id}"]`).textContent()));
  return texts.map((text) => text?.replace(/\s+/g, ' ').trim());
}

const collapsed = async (element: Locator) => (await element.textContent())?.replace(/\s+/g, ' ').trim();

async function badge(row: ReturnType<typeof tokenRow>) {
  const element = row.locator('.badge');
  return {
    text: (await element.textContent())?.trim(),
    color: await element.evaluate((node) => getComputedStyle(node).color),
  };
}

describe('tokens page', () => {
  it('generates a token whose secret works until revoked, again once restored, and never once deleted', async () => {
    const { page } = browser;
    const email = await signUp(page);
    const secret = await generateToken(page, { name: 'ci-deploy', permissions: ['profile:read'] });

    const asBearer = () => callApi(viewerQuery, { bearer: secret });
    expect(await asBearer()).toEqual({ status: 200, body: { data: { viewer: { email } } } });

    const row = tokenRow(page, 'ci-deploy');
    await row.waitFor();
    expect(await row.getByRole('rowheader').textContent()).toMatch(/ci-deploy\s*lkpat_…\w{4}/);
    expect(secret.endsWith((await row.locator('.token-hint').textContent())?.slice(-4) ?? '-')).toBe(true);
    const active = await badge(row);
    expect(active.text).toBe('Active');

    // Revoke, through a confirmation naming the token.
    await row.getByRole('button', { name: 'Revoke ci-deploy' }).click();
    const revokeDialog = page.getByRole('dialog', { name: 'Revoke token?' });
    await revokeDialog.waitFor();
    expect(await revokeDialog.textContent()).toContain('ci-deploy');
    await revokeDialog.getByRole('button', { name: 'Revoke' }).click();
    await revokeDialog.waitFor({ state: 'hidden' });
    await eventually(async () => (await badge(row)).text).toBe('Revoked');
    const revoked = await badge(row);
    expect(revoked.color).not.toBe(active.color);
    await row.getByRole('button', { name: 'Restore ci-deploy' }).waitFor();
    await row.getByRole('button', { name: 'Delete ci-deploy' }).waitFor();
    expect(await row.getByRole('button', { name: 'Revoke ci-deploy' }).count()).toBe(0);
    expect((await asBearer()).status).toBe(401);

    // Restore, through a confirmation too: the same secret works again.
    await row.getByRole('button', { name: 'Restore ci-deploy' }).click();
    const restoreDialog = page.getByRole('dialog', { name: 'Restore token?' });
    await restoreDialog.waitFor();
    expect(await restoreDialog.textContent()).toContain('ci-deploy will work again at once');
    await restoreDialog.getByRole('button', { name: 'Restore' }).click();
    await restoreDialog.waitFor({ state: 'hidden' });
    await eventually(async () => (await badge(row)).text).toBe('Active');
    expect((await badge(row)).color).toBe(active.color);
    expect(await asBearer()).toEqual({ status: 200, body: { data: { viewer: { email } } } });

    // Revoke again, then delete for good.
    await row.getByRole('button', { name: 'Revoke ci-deploy' }).click();
    await revokeDialog.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Delete ci-deploy' }).click();
    const deleteDialog = page.getByRole('dialog', { name: 'Delete token permanently?' });
    await deleteDialog.waitFor();
    expect(await deleteDialog.textContent()).toMatch(/ci-deploy will be deleted permanently\. This cannot be undone\./);
    await deleteDialog.getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await asBearer()).status).toBe(401);
    await page.getByText('You have no personal access tokens yet').waitFor();
  });

  it('offers the permissions grouped by service and lists the ones a token holds, removed ones marked', async () => {
    const { page } = browser;
    await signUp(page);
    const form = await openGenerateForm(page);
    const groups = form.getByRole('group');
    const latchkey = form.getByRole('group', { name: 'Latchkey', exact: true });
    const reports = form.getByRole('group', { name: 'Reports', exact: true });
    expect(await form.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['Latchkey', 'Reports']);
    // The permissions, one group per service, and the collapsed restrictions (a details element is a group).
    expect(await groups.count()).toBe(4);
    const values = (group: Locator) =>
      group.getByRole('checkbox').evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).value));
    expect(await values(latchkey)).toEqual([
      'profile:read',
      'tokens:read',
      'tokens:write',
      'audit:read',
      'notifications:read',
      'notifications:write',
      // Not admin:read or admin:write: the catalogue offers them to administrators only.
    ]);
    expect(await values(reports)).toEqual(['reports:read', 'reports:write']);
    // As latchkey.config.json, the repository's example catalogue, declares them.
    expect(await descriptionsOf(reports)).toEqual([
      'The example reports API (examples/reports-api) that accepts Latchkey tokens.',
    ]);
    const reportsWrite = reports.getByRole('checkbox', { name: 'reports:write', exact: true });
    expect(await descriptionsOf(reportsWrite)).toEqual(['Create, change and delete reports.', 'includes reports:read']);
    expect(await descriptionsOf(reports.getByRole('checkbox', { name: 'reports:read', exact: true }))).toEqual([
      'Read reports.',
    ]);

    await form.getByLabel('Token Name').fill('report-sync');
    await reportsWrite.check();
    await latchkey.getByRole('checkbox', { name: 'profile:read', exact: true }).check();
    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    const modal = page.getByRole('dialog', { name: 'Token Successfully Generated' });
    await modal.waitFor();
    const secret = await modal.getByRole('textbox', { name: 'Token' }).inputValue();
    await modal.getByRole('button', { name: 'I have saved it' }).click();

    // The API granted exactly what was chosen.
    const { body } = await callApi('{ viewer { currentToken { permissions { name removed } } } }', { bearer: secret });
    expect(body).toEqual({
      data: {
        viewer: {
          currentToken: {
            permissions: [
              { name: 'profile:read', removed: false },
              { name: 'reports:write', removed: false },
            ],
          },
        },
      },
    });

    const row = tokenRow(page, 'report-sync');
    await row.waitFor();
    const permissions = row.locator('.token-permissions');
    expect(await collapsed(permissions)).toBe('profile:read, reports:write');
    expect(await row.locator('s').count()).toBe(0);

    // A permission the operator has since taken out of the catalogue: the token keeps its name, which grants nothing.
    updateTokenInDatabase('report-sync', { permissions: ['profile:read', 'reports:retired'] });
    await page.reload();
    await eventually(() => collapsed(permissions)).toBe('profile:read, reports:retired (removed)');
    expect(await row.locator('s').allTextContents()).toEqual(['reports:retired']);
  });

  it('colours the badges: Active green, Revoked orange, Expired red', async () => {
    const { page } = browser;
    await signUp(page);
    const cookie = await sessionCookie(page);
    await generateThroughApi(cookie, 'green');
    const orange = await generateThroughApi(cookie, 'orange');
    await generateThroughApi(cookie, 'red');
    await callApi('mutation ($id: ID!) { revokeToken(id: $id) { __typename } }', { cookie, variables: { id: orange } });
    updateTokenInDatabase('red', { expiresAt: new Date(Date.now() - DAY) });
    await page.reload();

    const hue = (rgb: string) => {
      const [r = 0, g = 0, b = 0] = rgb.match(/\d+/g)?.map(Number) ?? [];
      return { r, g, b };
    };
    await tokenRow(page, 'green').waitFor();
    const green = hue((await badge(tokenRow(page, 'green'))).color);
    const orangeBadge = await badge(tokenRow(page, 'orange'));
    const redBadge = await badge(tokenRow(page, 'red'));
    expect(orangeBadge.text).toBe('Revoked');
    expect(redBadge.text).toBe('Expired');
    expect(green.g).toBeGreaterThan(green.r);
    const orangeColour = hue(orangeBadge.color);
    expect(orangeColour.r).toBeGreaterThan(orangeColour.g);
    expect(orangeColour.g).toBeGreaterThan(orangeColour.b);
    const redColour = hue(redBadge.color);
    expect(redColour.r).toBeGreaterThan(redColour.g * 3);
    expect(await tokenRow(page, 'red').getByRole('button').allTextContents()).toEqual(['Delete']);
  });

  it('shows a taken name and server validation beside the fields they concern', async () => {
    const { page } = browser;
    await signUp(page);
    await generateToken(page, { name: 'deploy' });

    const form = await openGenerateForm(page);
    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    await form.getByText('Give the token a name.').waitFor();
    await form.getByText('Choose at least one permission.').waitFor();

    await form.getByLabel('Token Name').fill('DEPLOY');
    await form.getByRole('checkbox', { name: 'tokens:read' }).check();
    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    const nameField = form.getByLabel('Token Name');
    await eventually(() => nameField.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await nameField.getAttribute('aria-describedby'))?.split(' ')[0] ?? '';
    // The existing token's name, not what was typed (issue 18, defect 10).
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain(
      'You already have a token named "deploy".',
    );
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'hidden' });
  });

  it('filters by status and searches by name', async () => {
    const { page } = browser;
    await signUp(page);
    const cookie = await sessionCookie(page);
    await generateThroughApi(cookie, 'alpha-build');
    const beta = await generateThroughApi(cookie, 'beta-deploy');
    await generateThroughApi(cookie, 'gamma-build');
    await generateThroughApi(cookie, 'delta-soon');
    await callApi('mutation ($id: ID!) { revokeToken(id: $id) { __typename } }', { cookie, variables: { id: beta } });
    updateTokenInDatabase('gamma-build', { expiresAt: new Date(Date.now() - DAY) });
    updateTokenInDatabase('delta-soon', { expiresAt: new Date(Date.now() + 3 * DAY + 60_000) });
    await page.reload();

    const names = () =>
      page
        .getByRole('rowheader')
        .evaluateAll((cells) => cells.map((cell) => cell.querySelector('.token-name')?.textContent));
    await eventually(names).toEqual(['delta-soon', 'gamma-build', 'beta-deploy', 'alpha-build']);
    expect(await tokenRow(page, 'delta-soon').textContent()).toContain('Expires in 3 days');

    await page.getByRole('radio', { name: 'Active' }).check();
    await eventually(names).toEqual(['delta-soon', 'alpha-build']);
    await page.getByRole('radio', { name: 'Revoked' }).check();
    await eventually(names).toEqual(['beta-deploy']);
    await page.getByRole('radio', { name: 'Expired' }).check();
    await eventually(names).toEqual(['gamma-build']);
    await page.getByRole('radio', { name: 'All' }).check();
    await eventually(names).toEqual(['delta-soon', 'gamma-build', 'beta-deploy', 'alpha-build']);

    await page.getByRole('searchbox', { name: 'Search tokens by name' }).fill('BUILD');
    await eventually(names).toEqual(['gamma-build', 'alpha-build']);
    await page.getByRole('radio', { name: 'Active' }).check();
    await eventually(names).toEqual(['alpha-build']);

    await page.getByRole('searchbox', { name: 'Search tokens by name' }).fill('nothing like it');
    await page.getByText('No tokens match.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await eventually(names).toEqual(['delta-soon', 'gamma-build', 'beta-deploy', 'alpha-build']);
  });

  it('loads more tokens 20 at a time, newest first', async () => {
    const { page } = browser;
    await signUp(page);
    const cookie = await sessionCookie(page);
    for (let index = 1; index <= 23; index++)
      await generateThroughApi(cookie, `token-${String(index).padStart(2, '0')}`);
    await page.reload();

    const rows = page.locator('tbody .token-row');
    await eventually(() => rows.count()).toBe(20);
    expect(await rows.first().getByRole('rowheader').textContent()).toContain('token-23');
    await page.getByText('Showing 20 of 23').waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    await eventually(() => rows.count()).toBe(23);
    expect(await rows.last().getByRole('rowheader').textContent()).toContain('token-01');
    await page.getByText('Showing 23 of 23').waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });

  it('asks for the password again before restoring, or generating a token that can write, 10 minutes on', async () => {
    const { page } = browser;
    const email = await signUp(page);
    await generateToken(page, { name: 'reader', permissions: ['profile:read'] });
    const row = tokenRow(page, 'reader');
    await row.getByRole('button', { name: 'Revoke reader' }).click();
    await page.getByRole('dialog', { name: 'Revoke token?' }).getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Restore reader' }).waitFor();
    expireRecentPasswordEntry(email);

    // Read-only tokens need no password, nor do tokens that write only at another service.
    await generateToken(page, { name: 'another-reader', permissions: ['profile:read'] });
    await generateToken(page, { name: 'report-writer', permissions: ['reports:write'] });

    await row.getByRole('button', { name: 'Restore reader' }).click();
    await page.getByRole('dialog', { name: 'Restore token?' }).getByRole('button', { name: 'Restore' }).click();
    const prompt = page.getByRole('dialog', { name: 'Confirm your password' });
    await prompt.waitFor();
    await prompt.getByLabel('Password').fill('not my password');
    await prompt.getByRole('button', { name: 'Confirm' }).click();
    // The prompt asks no email, so it does not speak of one.
    await prompt.getByText('The password is incorrect.').waitFor();
    await prompt.getByLabel('Password').fill(PASSWORD);
    await prompt.getByRole('button', { name: 'Confirm' }).click();
    await prompt.waitFor({ state: 'hidden' });
    await eventually(async () => (await badge(row)).text).toBe('Active');

    expireRecentPasswordEntry(email);
    const form = await openGenerateForm(page);
    await form.getByLabel('Token Name').fill('writer');
    await form.getByRole('checkbox', { name: 'tokens:write' }).check();
    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    await prompt.waitFor();
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    await prompt.waitFor({ state: 'hidden' });
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).toMatch(/password/i);

    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    await prompt.getByLabel('Password').fill(PASSWORD);
    await prompt.getByRole('button', { name: 'Confirm' }).click();
    const modal = page.getByRole('dialog', { name: 'Token Successfully Generated' });
    await modal.waitFor();
    expect(await modal.textContent()).toContain('writer');
  });

  it('downloads the secret shown in the modal as a .txt file', async () => {
    const { page } = browser;
    await signUp(page);
    const form = await openGenerateForm(page);
    await form.getByLabel('Token Name').fill('Nightly Backup');
    await form.getByRole('checkbox', { name: 'profile:read' }).check();
    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    const modal = page.getByRole('dialog', { name: 'Token Successfully Generated' });
    await modal.waitFor();
    const secret = await modal.getByRole('textbox', { name: 'Token' }).inputValue();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      modal.getByRole('button', { name: 'Download .txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('latchkey-token-nightly-backup.txt');
    expect(download.url()).toMatch(/^blob:/);
    const file = await download.path();
    expect(await readFile(file, 'utf8')).toBe(`${secret}\n`);
  });

  it('never puts the secret in the URL, storage or console', async () => {
    const { page } = browser;
    const messages: string[] = [];
    page.on('console', (message) => messages.push(message.text()));
    await signUp(page);
    const secret = await generateToken(page, { name: 'quiet' });

    expect(page.url()).not.toContain(secret);
    const storage = await page.evaluate(() => ({
      local: Object.keys(localStorage).map((key) => [key, localStorage.getItem(key)]),
      session: Object.keys(sessionStorage).length,
    }));
    expect(storage.session).toBe(0);
    for (const [key, value] of storage.local) {
      expect(key).toBe('latchkey-theme');
      expect(value).not.toContain(secret);
    }
    expect(messages.join('\n')).not.toContain(secret);
    // Closed means gone: the modal's field is not left anywhere in the page.
    expect(await page.content()).not.toContain(secret);
  });
});
