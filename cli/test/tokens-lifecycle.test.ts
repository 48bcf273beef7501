import { describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, TestAccount } from './support/accounts.js';
import { setStoredExpiry } from './support/database.js';
import { runLatchkey } from './support/run-latchkey.js';
import { hasPseudoTerminal, runLatchkeyInTerminal } from './support/terminal.js';

async function accountWithAdmin() {
  const account = await TestAccount.signUp();
  const admin = await account.issueToken('admin');
  return { account, environment: { LATCHKEY_TOKEN: admin.secret } };
}

describe('latchkey tokens revoke', () => {
  it('revokes a token found by its name in any case; the server refuses it from then on', async () => {
    const { account, environment } = await accountWithAdmin();
    const laptop = await account.issueToken('Old-Laptop', ['tokens:read']);

    const revoke = await runLatchkey(['tokens', 'revoke', 'old-laptop'], { environment });
    const again = await runLatchkey(['tokens', 'revoke', 'OLD-LAPTOP'], { environment });
    const refused = await runLatchkey(['whoami'], { environment: { LATCHKEY_TOKEN: laptop.secret } });

    expect(revoke.exitCode).toBe(0);
    expect(revoke.stdout).toBe('Revoked token "Old-Laptop".\n');
    expect(again.stdout).toBe('Token "Old-Laptop" was already revoked; nothing changed.\n');
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toBe(
      'latchkey: the server refused the token from LATCHKEY_TOKEN: it is invalid, expired or revoked\n',
    );
  });

  it('finds a token by a look-alike form of its name, as the server compares names', async () => {
    const { account, environment } = await accountWithAdmin();
    await account.issueToken('deploy', ['tokens:read']);

    const revoke = await runLatchkey(['tokens', 'revoke', 'ｄｅｐｌｏｙ'], { environment });

    expect(revoke.exitCode).toBe(0);
    expect(revoke.stdout).toBe('Revoked token "deploy".\n');
  });

  it('does not take a name that only contains the argument', async () => {
    const { account, environment } = await accountWithAdmin();
    await account.issueToken('deploy-production');

    const run = await runLatchkey(['tokens', 'revoke', 'deploy'], { environment });

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('latchkey: no token named "deploy"\n');
  });

  it('prints the token as JSON with --json', async () => {
    const { account, environment } = await accountWithAdmin();
    const target = await account.issueToken('target', ['tokens:read']);

    const run = await runLatchkey(['tokens', 'revoke', target.id, '--json'], { environment });

    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      token: expect.objectContaining({
        id: target.id,
        name: 'target',
        status: 'revoked',
        permissions: ['tokens:read'],
      }),
    });
  });
});

describe('latchkey tokens restore', () => {
  it('makes a revoked token active again, found by its id', async () => {
    const { account, environment } = await accountWithAdmin();
    // Shorter-lived than the admin token: a token restores only tokens expiring no later than itself.
    const target = await account.issueToken('flaky', ['tokens:read'], 'DAYS_30');
    await runLatchkey(['tokens', 'revoke', 'flaky'], { environment });

    const restore = await runLatchkey(['tokens', 'restore', target.id], { environment });
    const json = await runLatchkey(['tokens', 'restore', target.id, '--json'], { environment });

    expect(restore.exitCode).toBe(0);
    expect(restore.stdout).toBe('Restored token "flaky": it is active again.\n');
    expect(JSON.parse(json.stdout)).toEqual({ token: expect.objectContaining({ id: target.id, status: 'active' }) });
  });

  it('is refused with exit code 1 for an expired token', async () => {
    const { account, environment } = await accountWithAdmin();
    const target = await account.issueToken('bygone', ['tokens:read']);
    setStoredExpiry(target.id, new Date(Date.now() - 60_000));

    const run = await runLatchkey(['tokens', 'restore', 'bygone'], { environment });

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('latchkey: An expired token cannot be restored.\n');
  });

  it('is refused with exit code 1 for a token that outlives the one restoring it', async () => {
    const account = await TestAccount.signUp();
    const admin = await account.issueToken('short-lived admin', ALL_PERMISSIONS, 'DAYS_30');
    const environment = { LATCHKEY_TOKEN: admin.secret };
    const target = await account.issueToken('outlives the admin', ['tokens:read'], 'YEAR_1');
    await runLatchkey(['tokens', 'revoke', target.id], { environment });

    const run = await runLatchkey(['tokens', 'restore', target.id], { environment });

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('latchkey: A token can only restore tokens that expire no later than itself.\n');
  });

  it('is refused with exit code 1 for an id that is not one of your tokens', async () => {
    const { environment } = await accountWithAdmin();
    const stranger = await (await TestAccount.signUp()).issueToken('not-yours');

    const run = await runLatchkey(['tokens', 'restore', stranger.id], { environment });

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`latchkey: no token with id ${stranger.id}\n`);
  });
});

describe('latchkey tokens delete', () => {
  it('deletes a revoked token with --yes, and prints the documented JSON', async () => {
    const { account, environment } = await accountWithAdmin();
    const target = await account.issueToken('retired', ['tokens:read']);
    await runLatchkey(['tokens', 'revoke', 'retired'], { environment });

    const run = await runLatchkey(['tokens', 'delete', 'retired', '--yes', '--json'], { environment });
    const afterwards = await runLatchkey(['tokens', 'delete', 'retired', '--yes'], { environment });

    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ deletedTokenId: target.id, name: 'retired' });
    expect(afterwards.exitCode).toBe(1);
    expect(afterwards.stderr).toBe('latchkey: no token named "retired"\n');
  });

  it('is refused with exit code 1 for an active token', async () => {
    const { account, environment } = await accountWithAdmin();
    await account.issueToken('still-active', ['tokens:read']);

    const run = await runLatchkey(['tokens', 'delete', 'still-active', '-y'], { environment });

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('latchkey: Revoke the token before deleting it.\n');
  });

  it('refuses to delete without --yes when standard input is not a terminal', async () => {
    const { account, environment } = await accountWithAdmin();
    await account.issueToken('kept', ['tokens:read']);
    await runLatchkey(['tokens', 'revoke', 'kept'], { environment });

    const run = await runLatchkey(['tokens', 'delete', 'kept'], { environment, input: 'y\n' });
    const list = await runLatchkey(['tokens', 'list', '--search', 'kept', '--json'], { environment });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'latchkey: refusing to delete without confirmation: standard input is not a terminal; add --yes\n',
    );
    expect(JSON.parse(list.stdout).totalCount).toBe(1);
  });

  it.skipIf(!hasPseudoTerminal)('asks on a terminal, and deletes only on yes', async () => {
    const { account, environment } = await accountWithAdmin();
    await account.issueToken('maybe', ['tokens:read']);
    await runLatchkey(['tokens', 'revoke', 'maybe'], { environment });
    const question = 'Delete token "maybe" for good? It cannot be undone. [y/N] ';

    const declined = await runLatchkeyInTerminal(
      ['tokens', 'delete', 'maybe'],
      { prompt: question, reply: 'n\r' },
      environment,
    );
    const accepted = await runLatchkeyInTerminal(
      ['tokens', 'delete', 'maybe'],
      { prompt: question, reply: 'y\r' },
      environment,
    );

    expect(declined.exitCode).toBe(1);
    expect(declined.screen).toContain('latchkey: nothing was deleted');
    expect(accepted.exitCode).toBe(0);
    expect(accepted.screen).toContain('Deleted token "maybe".');
  });
});

describe('changing a token', () => {
  it.each(['revoke', 'restore', 'delete'])('%s needs the tokens:write permission', async (command) => {
    const account = await TestAccount.signUp();
    const reader = await account.issueToken('reader', ['tokens:read']);

    const run = await runLatchkey(['tokens', command, 'reader', '--yes'].slice(0, command === 'delete' ? 4 : 3), {
      environment: { LATCHKEY_TOKEN: reader.secret },
    });

    expect(run.exitCode).toBe(4);
    expect(run.stderr).toBe('latchkey: this needs a token with the tokens:write permission\n');
  });
});
