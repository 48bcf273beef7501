import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, openGenerateForm, signUp, uniqueEmail } from './support/app';
import { seriousViolations } from './support/axe';
import { type BrowserSession, openBrowser } from './support/browser';
import { type RunningLatchkey, startLatchkey } from './support/global-setup';

// Issue 19's policies, end to end: a Latchkey of its own whose configuration file limits lifetimes to 90 days,
// revokes tokens unused for a year and wants an allowlist on tokens that can write.
const serverDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server');
const repositoryRoot = path.resolve(serverDirectory, '..');

let directory: string;
let latchkey: RunningLatchkey;
const browsers: BrowserSession[] = [];

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'latchkey-e2e-policies-'));
  const catalogue = JSON.parse(await readFile(path.join(repositoryRoot, 'latchkey.config.json'), 'utf8'));
  const configFile = path.join(directory, 'latchkey.config.json');
  const { $schema: _schema, ...withoutSchema } = catalogue;
  const policies = { maxTokenLifetimeDays: 90, revokeUnusedAfterDays: 365, writeRequiresAllowlist: true };
  await writeFile(configFile, JSON.stringify({ ...withoutSchema, policies }));
  latchkey = await startLatchkey(path.join(directory, 'latchkey.db'), { LATCHKEY_CONFIG: configFile });
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await latchkey?.stop();
  if (directory) await rm(directory, { recursive: true, force: true });
});

async function browser(): Promise<BrowserSession> {
  const session = await openBrowser({ baseURL: latchkey.baseURL });
  browsers.push(session);
  return session;
}

describe('the token policies', () => {
  it('are shown to administrators in words, each on or off', async () => {
    const { page } = await browser();
    const email = uniqueEmail('administrator');
    await signUp(page, email);
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'grant', email], {
      cwd: serverDirectory,
      env: latchkey.env,
      encoding: 'utf8',
    });
    await page.goto('/settings/admin/policies');
    const policies = page.getByRole('list', { name: 'Token policies' });
    await policies.waitFor();
    const text = await policies.textContent();
    expect(text).toContain('Tokens live at most 90 days.');
    expect(text).toContain('Tokens unused for 365 days are revoked.');
    expect(text).toContain('The owner is warned 7 days before');
    expect(text).toContain('Off: no token waits for approval.');
    expect(text).toContain('Tokens that can write must have an address allowlist.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('keep longer lifetimes out of the generate form, and explain a refused write token beside its field', async () => {
    const { page } = await browser();
    await signUp(page, uniqueEmail('person'));
    const form = await openGenerateForm(page);
    const expiration = form.getByLabel('Expiration', { exact: true });
    await eventually(() => expiration.locator('option').allTextContents()).toEqual([
      '7 days',
      '30 days',
      '60 days',
      '90 days',
      'Custom date…',
    ]);
    await expiration.selectOption({ label: 'Custom date…' });
    const latest = new Date(Date.now() + 90 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    expect(await form.getByLabel('Expiration date').getAttribute('max')).toBe(latest);

    await expiration.selectOption({ label: '90 days' });
    await form.getByLabel('Token Name').fill('uploader');
    await form.getByRole('checkbox', { name: 'reports:write', exact: true }).check();
    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    const addresses = form.getByLabel('Allowed addresses');
    await eventually(() => addresses.getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain(
      'A token that can write (reports:write) must have an address allowlist on this server.',
    );
    expect(await seriousViolations(page)).toEqual([]);
  });
});
