import { chmodSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type IssuedToken, TestAccount } from './support/accounts.js';
import { urlWhereNothingListens } from './support/network.js';
import { runLatchkey, temporaryDirectory } from './support/run-latchkey.js';

async function tokenNameUsed(args: string[], environment: Record<string, string | undefined>) {
  const run = await runLatchkey(['whoami', '--json', ...args], { environment });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout).token.name as string;
}

describe('where the URL and token come from', () => {
  let stored: IssuedToken;
  let fromEnvironment: IssuedToken;
  let fromFlag: IssuedToken;
  const configDirectory = temporaryDirectory();

  beforeAll(async () => {
    const account = await TestAccount.signUp();
    stored = await account.issueToken('stored');
    fromEnvironment = await account.issueToken('environment');
    fromFlag = await account.issueToken('flag');
    const login = await runLatchkey(['login'], {
      input: `${stored.secret}\n`,
      environment: { LATCHKEY_CONFIG_DIR: configDirectory },
    });
    expect(login.exitCode).toBe(0);
  });

  it('prefers the --token flag, then LATCHKEY_TOKEN, then the stored login', async () => {
    const base = { LATCHKEY_CONFIG_DIR: configDirectory };

    expect(await tokenNameUsed(['--token', fromFlag.secret], { ...base, LATCHKEY_TOKEN: fromEnvironment.secret })).toBe(
      'flag',
    );
    expect(await tokenNameUsed([], { ...base, LATCHKEY_TOKEN: fromEnvironment.secret })).toBe('environment');
    expect(await tokenNameUsed([], base)).toBe('stored');
  });

  it('prefers the --url flag, then LATCHKEY_URL, then the stored URL', async () => {
    const nowhere = await urlWhereNothingListens();
    const base = { LATCHKEY_CONFIG_DIR: configDirectory, LATCHKEY_TOKEN: fromEnvironment.secret };

    expect(await tokenNameUsed(['--url', inject('latchkeyUrl')], { ...base, LATCHKEY_URL: nowhere })).toBe(
      'environment',
    );
    expect((await runLatchkey(['whoami'], { environment: { ...base, LATCHKEY_URL: nowhere } })).exitCode).toBe(5);
    expect(await tokenNameUsed([], { LATCHKEY_CONFIG_DIR: configDirectory, LATCHKEY_URL: undefined })).toBe('stored');
  });

  it('never sends the stored token to a URL other than the one it was stored for', async () => {
    const elsewhere = await urlWhereNothingListens();

    const run = await runLatchkey(['whoami', '--url', elsewhere], {
      environment: { LATCHKEY_CONFIG_DIR: configDirectory },
    });

    expect(run.exitCode).toBe(3);
    expect(run.stderr).toBe(
      `latchkey: no token for ${elsewhere}: the stored login is for ${inject('latchkeyUrl')} ` +
        `(run "latchkey login --url ${elsewhere}", or set LATCHKEY_TOKEN)\n`,
    );
  });

  it('warns when the stored login can be read by other users', async () => {
    const directory = temporaryDirectory();
    await runLatchkey(['login'], { input: `${stored.secret}\n`, environment: { LATCHKEY_CONFIG_DIR: directory } });
    chmodSync(path.join(directory, 'config.json'), 0o644);

    const run = await runLatchkey(['whoami'], { environment: { LATCHKEY_CONFIG_DIR: directory } });

    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('config.json can be read by other users; run: chmod 600');
  });

  it('uses $XDG_CONFIG_HOME/latchkey/config.json when LATCHKEY_CONFIG_DIR is unset', async () => {
    const configHome = temporaryDirectory();

    const logout = await runLatchkey(['logout', '--json'], {
      environment: { LATCHKEY_CONFIG_DIR: undefined, XDG_CONFIG_HOME: configHome },
    });

    expect(JSON.parse(logout.stdout).configFile).toBe(path.join(configHome, 'latchkey', 'config.json'));
  });

  it('rejects a URL that is not http(s) as a usage error', async () => {
    const run = await runLatchkey(['permissions', '--url', 'ftp://example.com/graphql']);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^latchkey: --url must be an http\(s\) URL/);
  });
});
