import { describe, expect, it } from 'vitest';
import { TestAccount } from './support/accounts.js';
import { runLatchkey } from './support/run-latchkey.js';

const DAY = 86_400_000;

async function setUp() {
  const account = await TestAccount.signUp();
  const admin = await account.issueToken('admin');
  const target = await account.issueToken('deploy bot', ['tokens:read', 'audit:read', 'profile:read'], 'DAYS_90');
  const edit = (...args: string[]) =>
    runLatchkey(['tokens', 'edit', ...args], { environment: { LATCHKEY_TOKEN: admin.secret } });
  return { account, admin, target, edit };
}

describe('latchkey tokens edit', () => {
  it('renames, describes, removes permissions and shortens the expiry in one edit', async () => {
    const { target, edit } = await setUp();
    const run = await edit(
      'DEPLOY BOT',
      '--name',
      'release bot',
      '--description',
      'Publishes releases',
      '--remove-permission',
      'audit:read,profile:read',
      '--expires',
      '7d',
      '--json',
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const { token } = JSON.parse(run.stdout);
    expect(token).toMatchObject({
      id: target.id,
      name: 'release bot',
      description: 'Publishes releases',
      permissions: ['tokens:read'],
      status: 'active',
    });
    expect(Date.parse(token.expiresAt) - Date.now()).toBeGreaterThan(7 * DAY - 60_000);
    expect(Date.parse(token.expiresAt) - Date.now()).toBeLessThanOrEqual(7 * DAY);

    const described = await edit(target.id, '--description', '');
    expect(described.stdout).toMatch(/^Updated token "release bot" \(tokens:read\), expiring .* UTC\.\n$/);
  });

  it('refuses to extend the expiry, with exit code 1 and the latest allowed date', async () => {
    const { edit } = await setUp();
    const run = await edit('deploy bot', '--expires', '1y');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^latchkey: An edit can only shorten a token's life: choose .* or earlier\.\n$/);
  });

  it('refuses to remove a permission the token does not have', async () => {
    const { edit } = await setUp();
    const run = await edit('deploy bot', '--remove-permission', 'tokens:write');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('latchkey: token "deploy bot" does not have tokens:write\n');
  });

  it.each([
    [
      ['deploy bot'],
      'latchkey: nothing to change: give --name, --description, --remove-permission, --expires, --allow-ip, ' +
        '--rate-limit or --quota\n',
    ],
    [['deploy bot', '--expires', 'max'], /^latchkey: --expires must be one of 7d, 30d, 60d, 90d, 1y, or a date/],
  ])('rejects %j as a usage error, before calling the server', async (args, message) => {
    const run = await runLatchkey(['tokens', 'edit', ...args], { environment: { LATCHKEY_TOKEN: undefined } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
