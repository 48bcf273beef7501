import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { TestAccount } from './support/accounts.js';
import { urlWhereNothingListens } from './support/network.js';
import { runLatchkey, temporaryDirectory } from './support/run-latchkey.js';

async function loggedIn() {
  const account = await TestAccount.signUp();
  const token = await account.issueToken('stored-for-scripts');
  const configDirectory = temporaryDirectory();
  const login = await runLatchkey(['login'], {
    input: `${token.secret}\n`,
    environment: { LATCHKEY_CONFIG_DIR: configDirectory },
  });
  expect(login.exitCode).toBe(0);
  return { token, configDirectory };
}

describe('latchkey auth token', () => {
  it('prints the stored token alone on standard output, for $(latchkey auth token)', async () => {
    const { token, configDirectory } = await loggedIn();

    const run = await runLatchkey(['auth', 'token'], {
      environment: { LATCHKEY_CONFIG_DIR: configDirectory },
      printsSecret: token.secret,
    });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(`${token.secret}\n`);
    expect(run.stderr).toBe('');
  });

  it('still prints the stored token when LATCHKEY_TOKEN is set, with a note that other commands use that one', async () => {
    const { token, configDirectory } = await loggedIn();

    const run = await runLatchkey(['auth', 'token'], {
      environment: { LATCHKEY_CONFIG_DIR: configDirectory, LATCHKEY_TOKEN: 'lkpat_from_the_environment' },
      printsSecret: token.secret,
    });

    expect(run.stdout).toBe(`${token.secret}\n`);
    expect(run.stderr).toBe('latchkey: note: LATCHKEY_TOKEN is set, and other commands use it instead of this token\n');
  });

  it('refuses with exit code 3 when not logged in', async () => {
    const configDirectory = temporaryDirectory();

    const run = await runLatchkey(['auth', 'token'], { environment: { LATCHKEY_CONFIG_DIR: configDirectory } });

    expect(run.exitCode).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `latchkey: not logged in: there is no ${path.join(configDirectory, 'config.json')}; run "latchkey login" first\n`,
    );
  });

  it('refuses for a URL other than the one the token was stored for', async () => {
    const { configDirectory } = await loggedIn();
    const elsewhere = await urlWhereNothingListens();

    const run = await runLatchkey(['auth', 'token', '--url', elsewhere], {
      environment: { LATCHKEY_CONFIG_DIR: configDirectory },
    });

    expect(run.exitCode).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `latchkey: not logged in to ${elsewhere}: the stored login is for ${inject('latchkeyUrl')} ` +
        `(run "latchkey login --url ${elsewhere}")\n`,
    );
  });
});
