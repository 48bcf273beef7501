import { beforeAll, describe, expect, it } from 'vitest';
import { type IssuedToken, TestAccount } from './support/accounts.js';
import { setStoredPermissions } from './support/database.js';
import { runLatchkey } from './support/run-latchkey.js';
import { rememberSecret } from './support/secrets.js';

describe('latchkey tokens list', () => {
  let admin: IssuedToken;
  const environment = () => ({ LATCHKEY_TOKEN: admin.secret });

  beforeAll(async () => {
    const account = await TestAccount.signUp();
    admin = await account.issueToken('admin');
    for (let index = 1; index <= 24; index++) {
      await account.issueToken(`worker-${String(index).padStart(2, '0')}`, ['tokens:read']);
    }
    const revoked = await account.issueToken('old-laptop', ['profile:read', 'reports:read']);
    const revoke = await runLatchkey(['tokens', 'revoke', revoked.id], { environment: environment() });
    expect(revoke.exitCode).toBe(0);
  });

  it('shows the newest 20 tokens as an aligned table, and says how to see the rest', async () => {
    const run = await runLatchkey(['tokens', 'list'], { environment: environment() });

    expect(run.exitCode).toBe(0);
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^NAME\s+DESCRIPTION\s+STATUS\s+PERMISSIONS\s+EXPIRES\s+LAST USED\s+ID$/);
    expect(rows).toHaveLength(20);
    expect(rows[0]).toMatch(/^old-laptop\s+revoked\s+profile:read,reports:read\s+\d{4}-\d{2}-\d{2}\s+never\s+\S+$/);
    expect(rows[1]).toMatch(/^worker-24\s+active\s+tokens:read\s/);
    const statusColumn = header?.indexOf('STATUS');
    expect(rows.map((row) => row.search(/\b(active|revoked)\b/))).toEqual(rows.map(() => statusColumn));
    expect(run.stderr).toBe('Showing the newest 20 of 26 tokens; add --all to list them all.\n');
  });

  it('follows every page with --all', async () => {
    const run = await runLatchkey(['tokens', 'list', '--all', '--json'], { environment: environment() });

    expect(run.exitCode).toBe(0);
    const listed = JSON.parse(run.stdout);
    expect(listed.totalCount).toBe(26);
    expect(listed.hasNextPage).toBe(false);
    expect(listed.tokens).toHaveLength(26);
    expect(new Set(listed.tokens.map((token: { id: string }) => token.id)).size).toBe(26);
  });

  it('prints the documented JSON shape with --json', async () => {
    const run = await runLatchkey(['tokens', 'list', '--json', '--search', 'OLD-'], { environment: environment() });

    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      totalCount: 1,
      hasNextPage: false,
      tokens: [
        {
          id: expect.any(String),
          name: 'old-laptop',
          description: null,
          hint: expect.stringMatching(/^lkpat_…[0-9A-Za-z]{4}$/),
          permissions: ['profile:read', 'reports:read'],
          removedPermissions: [],
          status: 'revoked',
          createdAt: expect.stringMatching(/Z$/),
          expiresAt: expect.stringMatching(/Z$/),
          previousSecretValidUntil: null,
          lastUsedAt: null,
          allowedAddresses: [],
          rateLimit: null,
          quota: null,
        },
      ],
    });
  });

  it('marks a permission the catalogue no longer declares as removed, and keeps it out of "permissions"', async () => {
    const account = await TestAccount.signUp();
    const reader = await account.issueToken('reader', ['tokens:read']);
    const legacy = await account.issueToken('legacy-export', ['reports:read']);
    setStoredPermissions(legacy.id, ['reports:read', 'retired:export']);
    const environment = { LATCHKEY_TOKEN: reader.secret };

    const table = await runLatchkey(['tokens', 'list', '--search', 'legacy'], { environment });
    const json = await runLatchkey(['tokens', 'list', '--search', 'legacy', '--json'], { environment });

    expect(table.exitCode).toBe(0);
    expect(table.stdout.split('\n')[1]).toMatch(
      /^legacy-export\s+active\s+reports:read,retired:export \(removed\)\s+\d{4}-/,
    );
    expect(JSON.parse(json.stdout).tokens[0]).toMatchObject({
      name: 'legacy-export',
      permissions: ['reports:read'],
      removedPermissions: ['retired:export'],
    });
  });

  it('shows the description cut to fit, and until when the previous secret of a rotated token works', async () => {
    const account = await TestAccount.signUp();
    const owner = await account.issueToken('owner');
    const deploy = await account.issueToken('deploy', ['profile:read'], 'DAYS_30');
    const environment = { LATCHKEY_TOKEN: owner.secret };
    const description = 'Publishes the nightly release to the package registry, then tells the team';
    const edit = await runLatchkey(['tokens', 'edit', deploy.id, '--description', description], { environment });
    const rotate = await runLatchkey(['tokens', 'rotate', deploy.id, '--overlap', '1h'], { environment });
    expect(edit.exitCode, edit.stderr).toBe(0);
    expect(rotate.exitCode, rotate.stderr).toBe(0);
    rememberSecret(rotate.stdout.trim());

    const table = await runLatchkey(['tokens', 'list', '--search', 'deploy'], { environment });
    const json = await runLatchkey(['tokens', 'list', '--search', 'deploy', '--json'], { environment });

    expect(table.exitCode).toBe(0);
    expect(table.stdout.split('\n')[1]).toMatch(
      /^deploy {2}Publishes the nightly release to the… {2}active {2}profile:read {2}\d{4}-\d{2}-\d{2} \(previous secret valid until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\) {2}never\s+\S+$/,
    );
    const [listed] = JSON.parse(json.stdout).tokens;
    expect(listed).toMatchObject({
      name: 'deploy',
      description,
      previousSecretValidUntil: expect.stringMatching(/Z$/),
    });
    const overlap = Date.parse(listed.previousSecretValidUntil) - Date.now();
    expect(overlap).toBeGreaterThan(55 * 60 * 1000);
    expect(overlap).toBeLessThanOrEqual(60 * 60 * 1000);
  });

  it('filters by status and by text in the name', async () => {
    const revoked = await runLatchkey(['tokens', 'list', '--status', 'revoked', '--json'], {
      environment: environment(),
    });
    const search = await runLatchkey(['tokens', 'list', '--search', 'worker-1', '--all', '--json'], {
      environment: environment(),
    });
    const none = await runLatchkey(['tokens', 'list', '--status', 'expired'], { environment: environment() });

    expect(JSON.parse(revoked.stdout).tokens.map((token: { name: string }) => token.name)).toEqual(['old-laptop']);
    expect(JSON.parse(search.stdout).totalCount).toBe(10);
    expect(none.stdout).toBe('No tokens match.\n');
  });

  it('rejects an unknown status as a usage error', async () => {
    const run = await runLatchkey(['tokens', 'list', '--status', 'paused'], { environment: environment() });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('latchkey: --status must be one of pending, active, revoked, expired, got "paused"\n');
  });

  it('needs the tokens:read permission', async () => {
    const account = await TestAccount.signUp();
    const profileOnly = await account.issueToken('profile-only', ['profile:read']);

    const run = await runLatchkey(['tokens', 'list'], { environment: { LATCHKEY_TOKEN: profileOnly.secret } });

    expect(run.exitCode).toBe(4);
    expect(run.stderr).toBe('latchkey: this needs a token with the tokens:read permission\n');
  });
});
