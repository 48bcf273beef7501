import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { TestAccount } from './support/accounts.js';
import { runLatchkey, temporaryDirectory } from './support/run-latchkey.js';
import { hasPseudoTerminal, runLatchkeyInTerminal } from './support/terminal.js';

function permissions(file: string): number {
  return statSync(file).mode & 0o777;
}

describe('latchkey login', () => {
  it('stores a token read from a pipe in a file only its owner can read, for later commands', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('laptop');
    const configDirectory = path.join(temporaryDirectory(), 'fresh', 'latchkey');
    const environment = { LATCHKEY_CONFIG_DIR: configDirectory };

    const login = await runLatchkey(['login'], { input: `${token.secret}\n`, environment });

    expect(login.exitCode).toBe(0);
    expect(login.stdout).toContain('Logged in');
    expect(login.stdout).toContain('"laptop"');
    const configFile = path.join(configDirectory, 'config.json');
    expect(permissions(configFile)).toBe(0o600);
    expect(permissions(configDirectory)).toBe(0o700);
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).toEqual({ url: inject('latchkeyUrl'), token: token.secret });

    const whoami = await runLatchkey(['whoami', '--json'], {
      environment: { ...environment, LATCHKEY_URL: undefined },
    });
    expect(whoami.exitCode).toBe(0);
    expect(JSON.parse(whoami.stdout)).toMatchObject({ email: account.email, token: { name: 'laptop' } });
  });

  it.skipIf(!hasPseudoTerminal)('reads the token on a terminal without echoing it', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('typed');
    const configDirectory = temporaryDirectory();

    const login = await runLatchkeyInTerminal(
      ['login'],
      { prompt: '(input is hidden): ', reply: `${token.secret}\r` },
      { LATCHKEY_CONFIG_DIR: configDirectory },
    );

    expect(login.exitCode).toBe(0);
    expect(login.screen).toContain('Logged in');
    expect(JSON.parse(readFileSync(path.join(configDirectory, 'config.json'), 'utf8')).token).toBe(token.secret);
  });

  it('refuses a token the server does not accept, and stores nothing', async () => {
    const configDirectory = temporaryDirectory();

    const login = await runLatchkey(['login'], {
      input: 'lkpat_00000000000000000000000000000000000000\n',
      environment: { LATCHKEY_CONFIG_DIR: configDirectory },
    });

    expect(login.exitCode).toBe(3);
    expect(login.stderr).toMatch(/^latchkey: the server refused the token from standard input/);
    expect(existsSync(path.join(configDirectory, 'config.json'))).toBe(false);
  });

  it('will not take the token from the command line, where shell history would keep it', async () => {
    const login = await runLatchkey(['login', '--token', 'lkpat_typed_on_the_command_line']);

    expect(login.exitCode).toBe(2);
    expect(login.stderr).toContain('standard input');
  });

  it('is a usage error when standard input holds no token', async () => {
    const login = await runLatchkey(['login'], { input: '' });

    expect(login.exitCode).toBe(2);
    expect(login.stderr).toBe('latchkey: no token on standard input\n');
  });
});

describe('latchkey logout', () => {
  it('removes the stored token, after which commands have no token', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('to-forget');
    const environment = { LATCHKEY_CONFIG_DIR: temporaryDirectory() };
    await runLatchkey(['login'], { input: `${token.secret}\n`, environment });

    const logout = await runLatchkey(['logout'], { environment });
    const whoami = await runLatchkey(['whoami'], { environment });

    expect(logout.exitCode).toBe(0);
    expect(logout.stdout).toMatch(/^Logged out: removed .*config\.json\.\n$/);
    expect(whoami.exitCode).toBe(3);
    expect(whoami.stderr).toBe('latchkey: no token: run "latchkey login", or set LATCHKEY_TOKEN\n');
  });

  it('says so when nobody is logged in', async () => {
    const logout = await runLatchkey(['logout', '--json']);

    expect(logout.exitCode).toBe(0);
    expect(JSON.parse(logout.stdout)).toEqual({ removed: false, configFile: expect.stringMatching(/config\.json$/) });
  });
});
