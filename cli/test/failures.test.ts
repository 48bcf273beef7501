import { describe, expect, it } from 'vitest';
import { TestAccount } from './support/accounts.js';
import { startHttpServer, urlWhereNothingListens } from './support/network.js';
import { runLatchkey } from './support/run-latchkey.js';

describe('failures', () => {
  it.each([
    [['frobnicate'], 'latchkey: unknown command "frobnicate" (see latchkey --help)\n'],
    [[], 'latchkey: no command given (see latchkey --help)\n'],
    [
      ['tokens'],
      'latchkey: "latchkey tokens" needs a command: list, show, create, edit, revoke, restore, rotate, delete\n',
    ],
    [
      ['tokens', 'frobnicate'],
      'latchkey: unknown command "tokens frobnicate" (choose from list, show, create, edit, revoke, restore, rotate, delete)\n',
    ],
    [['whoami', '--verbose'], 'latchkey: unknown option --verbose (see latchkey whoami --help)\n'],
    [['tokens', 'list', '--yes'], 'latchkey: unknown option --yes (see latchkey tokens list --help)\n'],
    [['tokens', 'revoke'], 'latchkey: "latchkey tokens revoke" needs ID_OR_NAME (see --help)\n'],
    [['whoami', 'extra'], 'latchkey: unexpected argument "extra" for "latchkey whoami"\n'],
    [['whoami', '--json=yes'], 'latchkey: --json takes no value\n'],
  ])('exits with 2 on the usage error in %j', async (args, message) => {
    const run = await runLatchkey(args, { environment: { LATCHKEY_TOKEN: undefined } });

    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(message);
  });

  it('exits with 3 when no token is configured', async () => {
    const run = await runLatchkey(['tokens', 'list']);

    expect(run.exitCode).toBe(3);
    expect(run.stderr).toBe('latchkey: no token: run "latchkey login", or set LATCHKEY_TOKEN\n');
  });

  it('exits with 3 when the server answers 401 to a token it does not know', async () => {
    const run = await runLatchkey(['whoami', '--token', 'not-a-token']);

    expect(run.exitCode).toBe(3);
    expect(run.stderr).toBe('latchkey: the server refused the token from --token: it is invalid, expired or revoked\n');
  });

  it('exits with 5 and one clear line when the server cannot be reached', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('offline');
    const nowhere = await urlWhereNothingListens();

    const run = await runLatchkey(['whoami'], { environment: { LATCHKEY_TOKEN: token.secret, LATCHKEY_URL: nowhere } });

    expect(run.exitCode).toBe(5);
    expect(run.stderr).toBe(`latchkey: cannot reach ${nowhere}: connection refused; is the server running?\n`);
  });

  it('exits with 5 when the URL answers with something other than GraphQL', async () => {
    const gateway = await startHttpServer((_request, response) =>
      response.writeHead(502).end('<html>Bad gateway</html>'),
    );
    try {
      const run = await runLatchkey(['whoami', '--url', gateway.url, '--token', 'lkpat_not_a_real_token']);

      expect(run.exitCode).toBe(5);
      expect(run.stderr).toBe(
        `latchkey: ${gateway.url} answered HTTP 502 without a GraphQL result; is that the Latchkey API URL?\n`,
      );
    } finally {
      await gateway.close();
    }
  });
});

describe('secrets in output', () => {
  it('masks a token secret typed as an argument by mistake', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('pasted');

    const run = await runLatchkey(['whoami', token.secret], { environment: { LATCHKEY_TOKEN: undefined } });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(`latchkey: unexpected argument "lkpat_…${token.secret.slice(-4)}" for "latchkey whoami"\n`);
  });
});
