import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, TestAccount } from './support/accounts.js';
import { runLatchkey, temporaryDirectory } from './support/run-latchkey.js';
import { rememberSecret } from './support/secrets.js';
import { type RunningServer, startLatchkeyServer } from './support/server.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_LIFETIME_DAYS = 20;

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

/**
 * A token minted for a year, then the server restarted on the same database with a 20-day maximum lifetime: the
 * token is grandfathered, but what it creates must fit the policy.
 */
async function tokenOlderThanThePolicy() {
  const directory = temporaryDirectory();
  const databaseUrl = `file:${path.join(directory, 'latchkey.db')}`;
  const before = await startLatchkeyServer({ DATABASE_URL: databaseUrl });
  const account = await TestAccount.signUp(before.url);
  const parent = await account.issueToken('ci', ALL_PERMISSIONS, 'YEAR_1');
  await before.stop();
  const catalogue = JSON.parse(readFileSync(path.join(import.meta.dirname, 'support/catalogue.json'), 'utf8'));
  const configFile = path.join(directory, 'latchkey.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({ ...catalogue, $schema: undefined, policies: { maxTokenLifetimeDays: MAX_LIFETIME_DAYS } }),
  );
  const after = await startLatchkeyServer({ DATABASE_URL: databaseUrl, LATCHKEY_CONFIG: configFile });
  servers.push(after);
  return { parent, url: after.url };
}

describe("latchkey tokens create under the operator's maximum lifetime", () => {
  it.each([
    ['without --expires', []],
    ['with --expires max', ['--expires', 'max']],
  ])('%s gives the last whole day the policy allows', async (_label, expires) => {
    const { parent, url } = await tokenOlderThanThePolicy();
    const startedAt = Date.now();
    const run = await runLatchkey(
      ['tokens', 'create', '--json', '--name', 'nightly', '--permission', 'tokens:read', ...expires],
      { environment: { LATCHKEY_TOKEN: parent.secret, LATCHKEY_URL: url } },
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const created = JSON.parse(run.stdout);
    rememberSecret(created.secret);
    const lifetime = Date.parse(created.token.expiresAt) - startedAt;
    expect(lifetime).toBeLessThanOrEqual(MAX_LIFETIME_DAYS * DAY_MS);
    expect(lifetime).toBeGreaterThan((MAX_LIFETIME_DAYS - 1) * DAY_MS);
    expect(created.token.expiresAt).toMatch(/T00:00:00(\.000)?Z$/);
  });

  it('refuses a longer preset asked for explicitly, with the limit in the message', async () => {
    const { parent, url } = await tokenOlderThanThePolicy();
    const run = await runLatchkey(
      ['tokens', 'create', '--name', 'yearly', '--permission', 'tokens:read', '--expires', '90d'],
      { environment: { LATCHKEY_TOKEN: parent.secret, LATCHKEY_URL: url } },
    );
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain(`Tokens may live at most ${MAX_LIFETIME_DAYS} days.`);
  });
});
