import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { TestAccount } from './support/accounts.js';
import { runLatchkey, temporaryDirectory } from './support/run-latchkey.js';
import { rememberSecret } from './support/secrets.js';

const SECRET_LINE = /^lkpat_[0-9A-Za-z]{38}\n$/;

async function whoami(environment: Record<string, string | undefined>) {
  const run = await runLatchkey(['whoami', '--json'], { environment });
  return run.exitCode === 0 ? (JSON.parse(run.stdout).token.name as string) : `exit ${run.exitCode}`;
}

describe('latchkey tokens rotate', () => {
  it('prints the new secret alone on stdout; the old one keeps working for the overlap', async () => {
    const account = await TestAccount.signUp();
    const admin = await account.issueToken('admin');
    const deploy = await account.issueToken('deploy', ['profile:read', 'tokens:read'], 'DAYS_30');

    const run = await runLatchkey(['tokens', 'rotate', 'Deploy', '--overlap', '1h'], {
      environment: { LATCHKEY_TOKEN: admin.secret },
    });

    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(SECRET_LINE);
    const secret = rememberSecret(run.stdout.trim());
    expect(run.stderr).toMatch(
      /^Rotated token "deploy", now expiring .* UTC; its old secret works until .* UTC\. Store the new secret now: it is never shown again\.\n$/,
    );
    expect(await whoami({ LATCHKEY_TOKEN: secret })).toBe('deploy');
    expect(await whoami({ LATCHKEY_TOKEN: deploy.secret })).toBe('deploy');
  });

  it('ends the old secret at once with --overlap none, and prints JSON with --json', async () => {
    const account = await TestAccount.signUp();
    const admin = await account.issueToken('admin');
    const deploy = await account.issueToken('deploy', ['profile:read'], 'DAYS_30');

    const run = await runLatchkey(['tokens', 'rotate', deploy.id, '--overlap', 'none', '--json'], {
      environment: { LATCHKEY_TOKEN: admin.secret },
    });

    expect(run.exitCode, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout);
    rememberSecret(printed.secret);
    expect(printed).toEqual({
      secret: expect.stringMatching(/^lkpat_[0-9A-Za-z]{38}$/),
      previousSecretValidUntil: null,
      token: expect.objectContaining({
        id: deploy.id,
        name: 'deploy',
        status: 'active',
        permissions: ['profile:read'],
      }),
    });
    expect(await whoami({ LATCHKEY_TOKEN: deploy.secret })).toBe('exit 3');
    expect(await whoami({ LATCHKEY_TOKEN: printed.secret })).toBe('deploy');
  });

  it('stores the new secret when it rotates the token of the stored login', async () => {
    const account = await TestAccount.signUp();
    const laptop = await account.issueToken('laptop');
    const configDirectory = path.join(temporaryDirectory(), 'latchkey');
    const environment = { LATCHKEY_CONFIG_DIR: configDirectory };
    expect((await runLatchkey(['login'], { input: `${laptop.secret}\n`, environment })).exitCode).toBe(0);

    const run = await runLatchkey(['tokens', 'rotate', 'laptop', '--overlap', 'none'], { environment });

    expect(run.exitCode, run.stderr).toBe(0);
    const secret = rememberSecret(run.stdout.trim());
    const configFile = path.join(configDirectory, 'config.json');
    expect(run.stderr).toContain(`latchkey: the stored login in ${configFile} now holds the new secret\n`);
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).toEqual({ url: inject('latchkeyUrl'), token: secret });
    expect(await whoami(environment)).toBe('laptop');
  });

  it('says that LATCHKEY_TOKEN still holds the old secret when it rotates that token, and stores nothing', async () => {
    const account = await TestAccount.signUp();
    const ci = await account.issueToken('ci', ['tokens:write'], 'DAYS_30');
    const configDirectory = path.join(temporaryDirectory(), 'latchkey');

    const run = await runLatchkey(['tokens', 'rotate', ci.id, '--overlap', '1d'], {
      environment: { LATCHKEY_TOKEN: ci.secret, LATCHKEY_CONFIG_DIR: configDirectory },
    });

    expect(run.exitCode, run.stderr).toBe(0);
    rememberSecret(run.stdout.trim());
    expect(run.stderr).toMatch(
      /\nlatchkey: warning: LATCHKEY_TOKEN holds the old secret, which works until .* UTC; replace it with the new one\n$/,
    );
    expect(() => readFileSync(path.join(configDirectory, 'config.json'))).toThrow(/ENOENT/);
  });

  it.each([
    [[], '--overlap is required: one of none, 1h, 1d, 7d'],
    [['--overlap', '2h'], '--overlap must be one of none, 1h, 1d, 7d, got "2h"'],
  ])('rejects %j as a usage error', async (args, message) => {
    const run = await runLatchkey(['tokens', 'rotate', 'deploy', ...args], {
      environment: { LATCHKEY_TOKEN: undefined },
    });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
