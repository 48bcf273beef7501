import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, signUp, tokenRow, uniqueEmail } from './support/app';
import { seriousViolations } from './support/axe';
import { type BrowserSession, openBrowser } from './support/browser';
import { type RunningLatchkey, startLatchkey } from './support/global-setup';

// Issue 19's approval flow, end to end: a Latchkey of its own whose catalogue file makes reports:write wait for an
// administrator (the suite's server has no such policy, and other tests generate reports:write tokens).
const serverDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server');
const repositoryRoot = path.resolve(serverDirectory, '..');

let directory: string;
let latchkey: RunningLatchkey;
let serviceKey: string;
const browsers: BrowserSession[] = [];

/** One of the operator's shell commands (`npm run service-key`, `npm run admin`) against this Latchkey. */
function operatorCommand(script: 'service-key' | 'admin', args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: serverDirectory,
    env: latchkey.env,
    encoding: 'utf8',
  });
}

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'latchkey-e2e-approval-'));
  const catalogue = JSON.parse(await readFile(path.join(repositoryRoot, 'latchkey.config.json'), 'utf8'));
  const configFile = path.join(directory, 'latchkey.config.json');
  const { $schema: _schema, ...withoutSchema } = catalogue;
  await writeFile(configFile, JSON.stringify({ ...withoutSchema, policies: { approvalRequired: ['reports:write'] } }));
  latchkey = await startLatchkey(path.join(directory, 'latchkey.db'), { LATCHKEY_CONFIG: configFile });
  const created = operatorCommand('service-key', ['create', 'reports']);
  serviceKey = created.match(/lksvc_\w+/)?.[0] ?? '';
  expect(serviceKey, created).not.toBe('');
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await latchkey?.stop();
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** What the reports service hears from forward authentication (`/verify`) for a request bearing `secret`. */
async function verifiedStatus(secret: string): Promise<number> {
  const response = await fetch(`${latchkey.apiOrigin}/verify?service=reports&permission=reports:write`, {
    headers: { 'X-Latchkey-Service-Key': serviceKey, Authorization: `Bearer ${secret}` },
  });
  return response.status;
}

async function browser(): Promise<BrowserSession> {
  const session = await openBrowser({ baseURL: latchkey.baseURL });
  browsers.push(session);
  return session;
}

describe('a token that needs approval', () => {
  it('waits, pending, until an administrator approves it from the queue; then its secret works', async () => {
    // The person asks for a token that can write reports.
    const { page } = await browser();
    await signUp(page, uniqueEmail('requester'));
    await page.getByRole('button', { name: 'Generate New Token' }).first().click();
    const form = page.getByRole('dialog', { name: 'Generate New Token' });
    await form.getByLabel('Token Name').fill('nightly-upload');
    await form.getByRole('checkbox', { name: 'reports:write', exact: true }).check();
    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    const secretDialog = page.getByRole('dialog', { name: 'Token Successfully Generated' });
    await secretDialog.waitFor();
    await expect
      .poll(() => secretDialog.textContent())
      .toContain('It starts working once an administrator approves it');
    const secret = await secretDialog.getByRole('textbox', { name: 'Token' }).inputValue();
    expect(secret).toMatch(/^lkpat_/);
    await secretDialog.getByRole('button', { name: 'I have saved it' }).click();

    const row = tokenRow(page, 'nightly-upload');
    await eventually(() => row.locator('[data-status]').getAttribute('data-status')).toBe('PENDING');
    expect(await row.textContent()).toContain("Waiting for an administrator's approval");
    expect(await verifiedStatus(secret)).toBe(401);

    // An administrator, in a browser of their own, approves it from the queue.
    const administrator = await browser();
    const email = uniqueEmail('administrator');
    await signUp(administrator.page, email);
    operatorCommand('admin', ['grant', email]);
    await administrator.page.goto('/settings/admin/approvals');
    const request = administrator.page.getByRole('row', { name: /nightly-upload/ });
    await request.waitFor();
    expect(await request.textContent()).toContain('Needs approval');
    expect(await seriousViolations(administrator.page)).toEqual([]);
    await request.getByRole('button', { name: /^Approve nightly-upload/ }).click();
    const decision = administrator.page.getByRole('dialog', { name: 'Approve token?' });
    await decision.getByLabel('Message to the owner (optional)').fill('Approved for the nightly job.');
    await decision.getByRole('button', { name: 'Approve', exact: true }).click();
    await decision.waitFor({ state: 'hidden' });
    await eventually(() => administrator.page.getByText('No token is waiting for approval.').isVisible()).toBe(true);

    // The secret shown once at generation now works, at once.
    expect(await verifiedStatus(secret)).toBe(200);
    await page.reload();
    await eventually(() => row.locator('[data-status]').getAttribute('data-status')).toBe('ACTIVE');
  });

  it('shows its owner the administrator’s message when denied, and never works', async () => {
    const { page } = await browser();
    await signUp(page, uniqueEmail('requester'));
    await page.getByRole('button', { name: 'Generate New Token' }).first().click();
    const form = page.getByRole('dialog', { name: 'Generate New Token' });
    await form.getByLabel('Token Name').fill('bulk-import');
    await form.getByRole('checkbox', { name: 'reports:write', exact: true }).check();
    await form.getByRole('button', { name: 'Generate', exact: true }).click();
    const secretDialog = page.getByRole('dialog', { name: 'Token Successfully Generated' });
    const secret = await secretDialog.getByRole('textbox', { name: 'Token' }).inputValue();
    await secretDialog.getByRole('button', { name: 'I have saved it' }).click();

    const administrator = await browser();
    const email = uniqueEmail('administrator');
    await signUp(administrator.page, email);
    operatorCommand('admin', ['grant', email]);
    await administrator.page.goto('/settings/admin/approvals');
    const request = administrator.page.getByRole('row', { name: /bulk-import/ });
    await request.getByRole('button', { name: /^Deny bulk-import/ }).click();
    const decision = administrator.page.getByRole('dialog', { name: 'Deny token?' });
    await decision.getByRole('button', { name: 'Deny', exact: true }).click();
    // A denial needs a reason: the owner reads it.
    await eventually(() => decision.getByLabel('Why it is denied').getAttribute('aria-invalid')).toBe('true');
    await decision.getByLabel('Why it is denied').fill('Use the read-only token for imports.');
    await decision.getByRole('button', { name: 'Deny', exact: true }).click();
    await decision.waitFor({ state: 'hidden' });

    expect(await verifiedStatus(secret)).toBe(401);
    await page.reload();
    const row = tokenRow(page, 'bulk-import');
    await eventually(() => row.locator('[data-status]').getAttribute('data-status')).toBe('REVOKED');
    expect(await row.textContent()).toContain('Use the read-only token for imports.');
  });
});
