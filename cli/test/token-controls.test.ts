import { describe, expect, it } from 'vitest';
import { TestAccount } from './support/accounts.js';
import { runLatchkey } from './support/run-latchkey.js';
import { rememberSecret } from './support/secrets.js';

async function setUp() {
  const account = await TestAccount.signUp();
  const admin = await account.issueToken('admin');
  const asAdmin = (...args: string[]) => runLatchkey(args, { environment: { LATCHKEY_TOKEN: admin.secret } });
  return { asAdmin };
}

/** Creates a token with `args` and returns its secret, remembered as one no other command may print. */
async function createToken(asAdmin: (...args: string[]) => ReturnType<typeof runLatchkey>, ...args: string[]) {
  const run = await asAdmin('tokens', 'create', ...args);
  expect(run.exitCode, run.stderr).toBe(0);
  return rememberSecret(run.stdout.trim());
}

describe('token controls from the command line', () => {
  it('creates a token held to an allowlist, a rate limit and a quota, shows them, and edits them away', async () => {
    const { asAdmin } = await setUp();
    const created = await asAdmin(
      'tokens',
      'create',
      '--name',
      'limited',
      '--permission',
      'tokens:read',
      '--allow-ip',
      '10.0.0.0/8',
      '--rate-limit',
      '2/min',
      '--quota',
      '5/month',
      '--json',
    );
    expect(created.exitCode, created.stderr).toBe(0);
    const { secret, token } = JSON.parse(created.stdout);
    rememberSecret(secret);
    expect(token).toMatchObject({
      allowedAddresses: ['10.0.0.0/8'],
      rateLimit: { requests: 2, windowSeconds: 60 },
      quota: { uses: 5, refill: 'month' },
    });

    const shown = await asAdmin('tokens', 'show', 'limited');
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^Allowed addresses: {2}10\.0\.0\.0\/8 \(0 refused from elsewhere\)$/m);
    expect(shown.stdout).toMatch(/^Rate limit: {9}2 requests per minute$/m);
    expect(shown.stdout).toMatch(/^Quota: {14}5 uses per month, 5 left, refills \d{4}-\d{2}-01 00:00 UTC$/m);

    const edited = await asAdmin(
      'tokens',
      'edit',
      'limited',
      '--allow-ip',
      'none',
      '--rate-limit',
      'none',
      '--quota',
      'none',
      '--json',
    );
    expect(edited.exitCode, edited.stderr).toBe(0);
    expect(JSON.parse(edited.stdout).token).toMatchObject({ allowedAddresses: [], rateLimit: null, quota: null });

    const shownAfter = await asAdmin('tokens', 'show', token.id, '--json');
    expect(JSON.parse(shownAfter.stdout)).toMatchObject({
      token: { id: token.id, allowedAddresses: [], rateLimit: null, quota: null },
      refusedAddressCount: 0,
      quotaRemaining: null,
      quotaRefillsAt: null,
    });
  });

  it('answers the third use of a token with a quota of 2 with HTTP 429, saying when it refills or that it never will', async () => {
    const { asAdmin } = await setUp();
    const secret = await createToken(asAdmin, '--name', 'twice', '--permission', 'tokens:read', '--quota', '2');
    const monthly = await createToken(
      asAdmin,
      '--name',
      'monthly',
      '--permission',
      'tokens:read',
      '--quota',
      '1/month',
    );
    const whoami = (token: string) => runLatchkey(['whoami'], { environment: { LATCHKEY_TOKEN: token } });

    const first = await whoami(secret);
    const second = await whoami(secret);
    const third = await whoami(secret);

    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    expect(third.exitCode).toBe(5);
    expect(third.stderr).toBe(
      "latchkey: the server is turning requests away (HTTP 429): This token's quota is used up, and it never refills.\n",
    );
    expect((await whoami(monthly)).exitCode).toBe(0);
    const refusedMonthly = await whoami(monthly);
    expect(refusedMonthly.exitCode).toBe(5);
    // The first of next month, in words and as the moment (unless that is under two minutes away).
    expect(refusedMonthly.stderr).toMatch(
      /^latchkey: the server is turning requests away \(HTTP 429\): This token's quota is used up until it refills in \d+ (?:second|minute|hour|day)s?\.(?: Retry after \d{4}-\d{2}-01 00:00 UTC \(in .+\)\.)?\n$/,
    );
    const shown = await asAdmin('tokens', 'show', 'twice');
    expect(shown.stdout).toMatch(/^Quota: +2 uses in all, 0 left, never refills$/m);
  });

  it('refuses a token held to a rate limit creating one without, with the server’s message and exit code 1', async () => {
    const { asAdmin } = await setUp();
    const limited = await createToken(
      asAdmin,
      '--name',
      'limited-admin',
      '--permission',
      'tokens:read,tokens:write',
      '--rate-limit',
      '100/min',
    );

    const run = await runLatchkey(['tokens', 'create', '--name', 'unlimited', '--permission', 'tokens:read'], {
      environment: { LATCHKEY_TOKEN: limited },
    });

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      'latchkey: A token with a rate limit can only leave tokens with a rate limit at least as strict.\n',
    );
  });

  it.each([
    [
      ['tokens', 'create', '--name', 'x', '--permission', 'tokens:read', '--allow-ip', '10.0.0.1,10.0.0.300'],
      'latchkey: --allow-ip "10.0.0.300" is not an IPv4 or IPv6 address or CIDR range (such as 203.0.113.7 or 10.0.0.0/8)\n',
    ],
    [
      ['tokens', 'create', '--name', 'x', '--permission', 'tokens:read', '--rate-limit', '100/fortnight'],
      /^latchkey: --rate-limit must be REQUESTS\/WINDOW, such as 100\/min or 10\/30s: .*; got "100\/fortnight"\n$/,
    ],
    [
      ['tokens', 'create', '--name', 'x', '--permission', 'tokens:read', '--rate-limit', '10/2d'],
      /^latchkey: --rate-limit must be .*a window of at most a day; got "10\/2d"\n$/,
    ],
    [
      ['tokens', 'create', '--name', 'x', '--permission', 'tokens:read', '--quota', 'none'],
      /^latchkey: --quota must be USES or USES\/day\|week\|month, such as 1000\/month: .* uses; got "none"\n$/,
    ],
    [['tokens', 'edit', 'x', '--quota', '5/year'], /^latchkey: --quota must be .* uses, or none; got "5\/year"\n$/],
    [
      ['tokens', 'edit', 'x', '--allow-ip', 'none', '--allow-ip', '10.0.0.1'],
      'latchkey: --allow-ip none cannot be given with addresses\n',
    ],
  ])('rejects %j as a usage error, before calling the server', async (args, message) => {
    const run = await runLatchkey(args, { environment: { LATCHKEY_TOKEN: undefined } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('takes the units of a rate limit in short and long forms, and several windows of them', async () => {
    const { asAdmin } = await setUp();
    const created = await asAdmin(
      'tokens',
      'create',
      '--name',
      'windows',
      '--permission',
      'tokens:read',
      '--rate-limit',
      '10/30seconds',
      '--allow-ip',
      '203.0.113.7',
      '--allow-ip',
      '2001:db8::/32,10.1.2.3/16',
      '--json',
    );
    expect(created.exitCode, created.stderr).toBe(0);
    const { secret, token } = JSON.parse(created.stdout);
    rememberSecret(secret);
    expect(token.rateLimit).toEqual({ requests: 10, windowSeconds: 30 });
    expect(token.allowedAddresses).toEqual(['203.0.113.7/32', '2001:db8::/32', '10.1.0.0/16']);
  });
});
