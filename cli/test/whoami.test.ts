import { describe, expect, inject, it } from 'vitest';
import { TestAccount } from './support/accounts.js';
import { setStoredPermissions } from './support/database.js';
import { runLatchkey } from './support/run-latchkey.js';

describe('latchkey whoami', () => {
  it('shows the account email, the token, its permissions and its expiry', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('deploy-bot', ['profile:read', 'reports:write'], 'DAYS_90');

    const run = await runLatchkey(['whoami'], { environment: { LATCHKEY_TOKEN: token.secret } });

    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      `URL:          ${inject('latchkeyUrl')}`,
      `Email:        ${account.email}`,
      expect.stringMatching(/^Token: {8}deploy-bot \(lkpat_….{4}\)$/),
      'Permissions:  profile:read, reports:write',
      expect.stringMatching(/^Expires: {6}\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(in (89|90) days\)$/),
    ]);
  });

  it('leaves the email out when the token lacks profile:read, instead of failing', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('no-profile', ['tokens:read']);

    const run = await runLatchkey(['whoami'], { environment: { LATCHKEY_TOKEN: token.secret } });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Email:        (hidden: the token lacks the profile:read permission)');
    expect(run.stdout).not.toContain(account.email);
  });

  it('marks a permission of the token that the catalogue no longer declares as removed', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('old-exporter', ['reports:read']);
    // Before the token's first use: the server caches what a verified token holds.
    setStoredPermissions(token.id, ['reports:read', 'retired:export']);

    const run = await runLatchkey(['whoami'], { environment: { LATCHKEY_TOKEN: token.secret } });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('\nPermissions:  reports:read, retired:export (removed)\n');
  });

  it('prints the documented JSON shape with --json', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('json-reader', ['profile:read']);

    const run = await runLatchkey(['whoami', '--json'], { environment: { LATCHKEY_TOKEN: token.secret } });

    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      url: inject('latchkeyUrl'),
      email: account.email,
      token: {
        id: token.id,
        name: 'json-reader',
        description: null,
        hint: `lkpat_…${token.secret.slice(-4)}`,
        permissions: ['profile:read'],
        removedPermissions: [],
        status: 'active',
        createdAt: expect.stringMatching(/Z$/),
        expiresAt: expect.stringMatching(/Z$/),
        previousSecretValidUntil: null,
        // The server writes last use in batches a moment later, so this very call may not show yet.
        lastUsedAt: expect.toSatisfy((value: unknown) => value === null || /Z$/.test(String(value))),
        allowedAddresses: [],
        rateLimit: null,
        quota: null,
      },
    });
  });
});
