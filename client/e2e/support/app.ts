import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const PASSWORD = 'correct horse battery staple';

export function uniqueEmail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

/**
 * Forms work before the page is interactive (they post to their actions), but the tests after sign-in click
 * controls that need JavaScript: wait until the app's scripts have loaded and run.
 */
export async function untilInteractive(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
}

export async function signUp(page: Page, email = uniqueEmail('person')): Promise<string> {
  await page.goto('/sign-up');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/settings/tokens');
  await untilInteractive(page);
  return email;
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/settings/tokens');
  await untilInteractive(page);
}

export interface GenerateOptions {
  name: string;
  expiration?: '30 days' | '60 days' | '90 days' | '1 year';
  /** Permission names, as the form labels their checkboxes. */
  permissions?: string[];
}

export async function openGenerateForm(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Generate New Token' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Generate New Token' });
  await dialog.waitFor();
  return dialog;
}

/** Generates a token through the UI and returns the secret the modal showed, closing the modal afterwards. */
export async function generateToken(page: Page, options: GenerateOptions): Promise<string> {
  const form = await openGenerateForm(page);
  await form.getByLabel('Token Name').fill(options.name);
  await form.getByLabel('Expiration').selectOption({ label: options.expiration ?? '30 days' });
  for (const permission of options.permissions ?? ['profile:read'])
    await form.getByRole('checkbox', { name: permission, exact: true }).check();
  await form.getByRole('button', { name: 'Generate', exact: true }).click();
  const modal = page.getByRole('dialog', { name: 'Token Successfully Generated' });
  await modal.waitFor();
  const secret = await modal.getByRole('textbox', { name: 'Token' }).inputValue();
  expect(secret).toMatch(/^lkpat_/);
  await modal.getByRole('button', { name: 'I have saved it' }).click();
  await modal.waitFor({ state: 'hidden' });
  return secret;
}

/** Opens Settings / Password from the sidebar, as a person would, and returns its form's section. */
export async function openPasswordPage(page: Page): Promise<Locator> {
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Password' }).click();
  await page.waitForURL('**/settings/password');
  const section = page.getByRole('region', { name: 'Change password' });
  await section.getByRole('button', { name: 'Change password' }).waitFor();
  return section;
}

export interface PasswordChange {
  current: string;
  next: string;
  confirmation?: string;
  revokeAllTokens?: boolean;
}

export async function fillPasswordForm(section: Locator, change: PasswordChange): Promise<void> {
  await section.getByLabel('Current password').fill(change.current);
  await section.getByLabel('New password', { exact: true }).fill(change.next);
  await section.getByLabel('Confirm new password').fill(change.confirmation ?? change.next);
  await section
    .getByRole('checkbox', { name: 'Also revoke all my active tokens' })
    .setChecked(!!change.revokeAllTokens);
}

export function tokenRow(page: Page, name: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}\\b`) }) });
}

/** A GraphQL request from outside the browser, as a script using a token would send it. */
export async function callApi(query: string, init: { bearer?: string; cookie?: string; variables?: object } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.bearer) headers.authorization = `Bearer ${init.bearer}`;
  if (init.cookie) headers.cookie = init.cookie;
  const response = await fetch(`${inject('baseURL')}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables: init.variables ?? {} }),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> };
}

/** The session cookie of the signed-in browser, to arrange data through the real API quickly. */
export async function sessionCookie(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === 'latchkey_session');
  if (!session) throw new Error('Not signed in');
  return `latchkey_session=${session.value}`;
}

export async function generateThroughApi(cookie: string, name: string, permissions: string[] = ['profile:read']) {
  const { body } = await callApi(
    'mutation ($input: GenerateTokenInput!) { generateToken(input: $input) { __typename ... on GenerateTokenSuccess { token { id } } } }',
    { cookie, variables: { input: { name, expiration: 'DAYS_30', permissions } } },
  );
  const result = (body.data as { generateToken: { __typename: string; token?: { id: string } } }).generateToken;
  if (result.__typename !== 'GenerateTokenSuccess' || !result.token) throw new Error(`Could not generate ${name}`);
  return result.token.id;
}

const serverRequire = createRequire(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../server/package.json'),
);

/**
 * Writes straight to the API's database for states no request can create (a token past its expiry date, one
 * holding a permission since removed from the catalogue). better-sqlite3 is the server workspace's own driver.
 */
export function updateTokenInDatabase(
  name: string,
  changes: {
    expiresAt?: Date;
    createdAt?: Date;
    revokedAt?: Date;
    revocationReason?: string;
    /** Stored as the API stores them: names sorted and space-separated. */
    permissions?: string[];
  },
) {
  const Database = serverRequire('better-sqlite3') as typeof import('better-sqlite3');
  const database = new Database(inject('databaseFile'));
  try {
    const toSql = (date: Date) => date.toISOString().replace('Z', '+00:00');
    const assignments: string[] = [];
    const values: unknown[] = [];
    for (const [column, value] of Object.entries(changes)) {
      assignments.push(`"${column}" = ?`);
      values.push(value instanceof Date ? toSql(value) : Array.isArray(value) ? [...value].sort().join(' ') : value);
    }
    database
      .prepare(`UPDATE "PersonalAccessToken" SET ${assignments.join(', ')} WHERE "name" = ?`)
      .run(...values, name);
  } finally {
    database.close();
  }
}

/** When the newest token of that name was last used, as the API recorded it (null before its first use). */
function newestLastUse(name: string): string | null {
  const Database = serverRequire('better-sqlite3') as typeof import('better-sqlite3');
  const database = new Database(inject('databaseFile'), { readonly: true });
  try {
    const row = database
      .prepare('SELECT "lastUsedAt" FROM "PersonalAccessToken" WHERE "name" = ? ORDER BY "createdAt" DESC LIMIT 1')
      .get(name) as { lastUsedAt: string | null } | undefined;
    return row?.lastUsedAt ?? null;
  } finally {
    database.close();
  }
}

/** Retries a read until it passes: the page updates after network round trips, never after a fixed delay. */
export function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 10_000, interval: 50 });
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * A believable account for screenshots and accessibility checks: tokens in every state, one expiring soon,
 * one recently used. States no request can create are written to the database.
 */
export async function seedTokens(page: Page) {
  const cookie = await sessionCookie(page);
  const now = Date.now();
  await generateThroughApi(cookie, 'backup-script-2025', ['profile:read']);
  const laptop = await generateThroughApi(cookie, 'old-laptop', ['tokens:read', 'tokens:write']);
  await generateThroughApi(cookie, 'staging-sync', ['tokens:read', 'reports:read']);
  await generateThroughApi(cookie, 'grafana-dashboard', ['profile:read', 'audit:read']);
  await callApi('mutation ($id: ID!) { revokeToken(id: $id) { __typename } }', { cookie, variables: { id: laptop } });
  updateTokenInDatabase('backup-script-2025', {
    createdAt: new Date(now - 400 * DAY),
    expiresAt: new Date(now - 35 * DAY),
  });
  updateTokenInDatabase('old-laptop', { createdAt: new Date(now - 120 * DAY), expiresAt: new Date(now + 245 * DAY) });
  updateTokenInDatabase('staging-sync', {
    createdAt: new Date(now - 27 * DAY),
    expiresAt: new Date(now + 3 * DAY + 3_600_000),
    // A permission the operator has since taken out of the catalogue.
    permissions: ['reports:export', 'reports:read', 'tokens:read'],
  });
  updateTokenInDatabase('grafana-dashboard', {
    createdAt: new Date(now - 12 * DAY),
    expiresAt: new Date(now + 78 * DAY),
  });
  const secret = await generateToken(page, {
    name: 'production-deploys',
    expiration: '1 year',
    permissions: ['tokens:read', 'tokens:write', 'reports:write'],
  });
  await callApi('{ viewer { tokens(first: 1) { totalCount } } }', { bearer: secret });
  // The API writes last use off the request path, a moment later.
  await eventually(() => newestLastUse('production-deploys')).not.toBeNull();
  await page.reload();
  await tokenRow(page, 'production-deploys').waitFor();
}

/** Makes every session of the account old enough that sudo-mode actions ask for the password again. */
export function expireRecentPasswordEntry(email: string) {
  const Database = serverRequire('better-sqlite3') as typeof import('better-sqlite3');
  const database = new Database(inject('databaseFile'));
  try {
    const longAgo = new Date(Date.now() - 60 * 60 * 1000).toISOString().replace('Z', '+00:00');
    database
      .prepare(
        'UPDATE "Session" SET "reauthenticatedAt" = ? WHERE "userId" = (SELECT "id" FROM "User" WHERE "email" = ?)',
      )
      .run(longAgo, email);
  } finally {
    database.close();
  }
}
