import { describe, expect, it } from 'vitest';
import { TestAccount } from './support/accounts.js';
import { STORED_DATE_PATTERN, setStoredExpiry, storedExpiry } from './support/database.js';
import { runLatchkey } from './support/run-latchkey.js';

const DAY_MS = 86_400_000;
const WARNING =
  /^latchkey: warning: the token "short-lived" expires in 2 days \(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\); create a new one and run "latchkey login"$/;

describe('the warning about a token that expires soon', () => {
  it('is printed once on stderr by every command that uses a token expiring within 7 days', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('short-lived');
    expect(storedExpiry(token.id)).toEqual({ value: expect.stringMatching(STORED_DATE_PATTERN), type: 'text' });
    // Before the token's first use: the server caches a verified token, expiry included.
    setStoredExpiry(token.id, new Date(Date.now() + 2 * DAY_MS + 3_600_000));
    const environment = { LATCHKEY_TOKEN: token.secret };

    const runs = {
      whoami: await runLatchkey(['whoami', '--json'], { environment }),
      list: await runLatchkey(['tokens', 'list', '--json'], { environment }),
      permissions: await runLatchkey(['permissions'], { environment }),
      revoke: await runLatchkey(['tokens', 'revoke', 'nonexistent'], { environment }),
      create: await runLatchkey(['tokens', 'create', '--name', 'next', '--permission', 'tokens:read', '--json'], {
        environment,
      }),
    };

    for (const [command, run] of Object.entries(runs)) {
      const warnings = run.stderr.split('\n').filter((line) => line.includes('warning'));
      expect(warnings, command).toEqual([expect.stringMatching(WARNING)]);
    }
    expect(JSON.parse(runs.whoami.stdout).token.name).toBe('short-lived');
    expect(runs.revoke.exitCode).toBe(1);
  });

  it('is not printed for a token with more than 7 days left', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('long-lived');
    setStoredExpiry(token.id, new Date(Date.now() + 7 * DAY_MS + 3_600_000));

    const run = await runLatchkey(['whoami'], { environment: { LATCHKEY_TOKEN: token.secret } });

    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
  });
});
