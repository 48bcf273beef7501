import { describe, expect, it } from 'vitest';
import { TestAccount } from './support/accounts.js';
import { runLatchkey } from './support/run-latchkey.js';
import { rememberSecret } from './support/secrets.js';
import { TOKEN_LIMIT } from './support/server.js';

const SECRET_LINE = /^lkpat_[0-9A-Za-z]{38}\n$/;

describe('latchkey tokens create', () => {
  it('prints the new secret alone on stdout, and everything else on stderr', async () => {
    const account = await TestAccount.signUp();
    const admin = await account.issueToken('admin');

    const run = await runLatchkey(
      [
        'tokens',
        'create',
        '--name',
        'ci-deploy',
        '--permission',
        'tokens:read',
        '--permission',
        'reports:read',
        '--expires',
        '90d',
      ],
      { environment: { LATCHKEY_TOKEN: admin.secret } },
    );

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(SECRET_LINE);
    const secret = rememberSecret(run.stdout.trim());
    expect(run.stderr).toMatch(/^Created token "ci-deploy" \(reports:read, tokens:read\), expiring .* UTC\. Store its/);
    expect(run.stderr).not.toContain(secret);

    const whoami = await runLatchkey(['whoami', '--json'], { environment: { LATCHKEY_TOKEN: secret } });
    expect(JSON.parse(whoami.stdout).token).toMatchObject({
      name: 'ci-deploy',
      permissions: ['reports:read', 'tokens:read'],
    });
  });

  it('prints the secret and the token as JSON with --json', async () => {
    const account = await TestAccount.signUp();
    const admin = await account.issueToken('admin');

    const run = await runLatchkey(
      ['tokens', 'create', '--json', '--name', 'nightly', '--permission', 'tokens:read, audit:read'],
      {
        environment: { LATCHKEY_TOKEN: admin.secret },
      },
    );

    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    const created = JSON.parse(run.stdout);
    rememberSecret(created.secret);
    expect(created).toEqual({
      secret: expect.stringMatching(/^lkpat_[0-9A-Za-z]{38}$/),
      token: {
        id: expect.any(String),
        name: 'nightly',
        description: null,
        hint: `lkpat_…${created.secret.slice(-4)}`,
        permissions: ['audit:read', 'tokens:read'],
        removedPermissions: [],
        status: 'active',
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
        previousSecretValidUntil: null,
        lastUsedAt: null,
        allowedAddresses: [],
        rateLimit: null,
        quota: null,
      },
    });
    const lifetimeDays = (Date.parse(created.token.expiresAt) - Date.parse(created.token.createdAt)) / 86_400_000;
    expect(lifetimeDays).toBe(30);
  });

  it('still takes --scope, as the old name of --permission, with permission names', async () => {
    const account = await TestAccount.signUp();
    const admin = await account.issueToken('admin');

    const run = await runLatchkey(
      ['tokens', 'create', '--json', '--name', 'old-script', '--scope', 'metrics:read', '--permission', 'reports:read'],
      { environment: { LATCHKEY_TOKEN: admin.secret } },
    );

    expect(run.exitCode).toBe(0);
    const created = JSON.parse(run.stdout);
    rememberSecret(created.secret);
    expect(created.token.permissions).toEqual(['metrics:read', 'reports:read']);
  });

  it('is refused with exit code 1, naming the permission, for a name the catalogue does not declare', async () => {
    const account = await TestAccount.signUp();
    const admin = await account.issueToken('admin');
    const environment = { LATCHKEY_TOKEN: admin.secret };

    const run = await runLatchkey(
      ['tokens', 'create', '--name', 'typo', '--permission', 'reports:read', '--permission', 'reports:raed'],
      { environment },
    );
    const list = await runLatchkey(['tokens', 'list', '--json'], { environment });

    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^latchkey: .*reports:raed.*\n$/);
    expect(run.stderr).not.toMatch(/reports:read/);
    expect(JSON.parse(list.stdout).tokens.map((token: { name: string }) => token.name)).toEqual(['admin']);
  });

  it('is refused with exit code 4 for a token without tokens:write', async () => {
    const account = await TestAccount.signUp();
    const reader = await account.issueToken('reader', ['profile:read', 'tokens:read', 'audit:read', 'reports:write']);

    const run = await runLatchkey(['tokens', 'create', '--name', 'sneaky', '--permission', 'tokens:read'], {
      environment: { LATCHKEY_TOKEN: reader.secret },
    });

    expect(run.exitCode).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('latchkey: this needs a token with the tokens:write permission\n');
  });

  it('is refused with exit code 1 when the name is taken, in any case', async () => {
    const account = await TestAccount.signUp();
    const admin = await account.issueToken('admin');

    const run = await runLatchkey(['tokens', 'create', '--name', 'ADMIN', '--permission', 'tokens:read'], {
      environment: { LATCHKEY_TOKEN: admin.secret },
    });

    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    // The server names the token that has the name, in its own spelling.
    expect(run.stderr).toBe('latchkey: You already have a token named "admin".\n');
  });

  it('is refused with exit code 1 for a permission the creating token does not hold', async () => {
    const account = await TestAccount.signUp();
    const writer = await account.issueToken('writer', ['tokens:write', 'reports:read']);

    const run = await runLatchkey(['tokens', 'create', '--name', 'wider', '--permission', 'reports:write'], {
      environment: { LATCHKEY_TOKEN: writer.secret },
    });

    expect(run.exitCode).toBe(1);
    expect(run.stderr.split('\n')).toEqual([expect.stringMatching(/^latchkey: .*permissions it holds/), '']);
  });

  it('is refused with exit code 1 at the token limit', async () => {
    const account = await TestAccount.signUp();
    const admin = await account.issueToken('admin');
    await Promise.all(
      Array.from({ length: TOKEN_LIMIT - 1 }, (_, index) => account.issueToken(`filler-${index}`, ['tokens:read'])),
    );

    const run = await runLatchkey(['tokens', 'create', '--name', 'one-too-many', '--permission', 'tokens:read'], {
      environment: { LATCHKEY_TOKEN: admin.secret },
    });

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^latchkey: .*${TOKEN_LIMIT}.*\n$`));
  });

  it.each([
    [['--permission', 'tokens:read'], 'latchkey: --name is required\n'],
    [['--name', 'x'], 'latchkey: at least one --permission is required (see "latchkey permissions")\n'],
    [
      ['--name', 'x', '--permission', ' , '],
      'latchkey: at least one --permission is required (see "latchkey permissions")\n',
    ],
    [
      ['--name', 'x', '--permission', 'tokens:read', '--expires', 'never'],
      /^latchkey: --expires must be one of 7d, 30d, 60d, 90d, 1y, max, or a date such as /,
    ],
    [['--name', '--permission', 'tokens:read'], 'latchkey: --name needs a value\n'],
  ])('rejects bad input %j as a usage error, before calling the server', async (args, message) => {
    const run = await runLatchkey(['tokens', 'create', ...args], { environment: { LATCHKEY_TOKEN: undefined } });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  describe('with a 30-day token creating it', () => {
    const DAY = 86_400_000;
    async function thirtyDayParent() {
      const account = await TestAccount.signUp();
      return account.issueToken('ci parent', ['tokens:write', 'tokens:read'], 'DAYS_30');
    }
    const create = (parent: { secret: string }, ...args: string[]) =>
      runLatchkey(['tokens', 'create', '--json', '--permission', 'tokens:read', ...args], {
        environment: { LATCHKEY_TOKEN: parent.secret },
      });
    const created = (run: { stdout: string }) => {
      const { secret, token } = JSON.parse(run.stdout);
      rememberSecret(secret);
      return token;
    };
    const parentExpiry = async (parent: { secret: string }) =>
      JSON.parse((await runLatchkey(['whoami', '--json'], { environment: { LATCHKEY_TOKEN: parent.secret } })).stdout)
        .token.expiresAt;

    it('defaults to what the parent allows, when that is shorter than 30 days', async () => {
      const parent = await thirtyDayParent();
      const run = await create(parent, '--name', 'child', '--description', 'made by CI');
      expect(run.exitCode, run.stderr).toBe(0);
      const token = created(run);
      expect(token.expiresAt).toBe(await parentExpiry(parent));
      expect(token.description).toBe('made by CI');
    });

    it("gives exactly the parent's expiry with --expires max, and a shorter preset or date as asked", async () => {
      const parent = await thirtyDayParent();
      const max = await create(parent, '--name', 'max', '--expires', 'max');
      expect(max.exitCode, max.stderr).toBe(0);
      expect(created(max).expiresAt).toBe(await parentExpiry(parent));
      const week = created(await create(parent, '--name', 'week', '--expires', '7d'));
      expect(Date.parse(week.expiresAt) - Date.parse(week.createdAt)).toBe(7 * DAY);
      const date = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
      expect(created(await create(parent, '--name', 'dated', '--expires', date)).expiresAt).toBe(
        `${date}T00:00:00.000Z`,
      );
    });

    it("is refused, naming the latest allowed date, for an explicit expiry past the parent's", async () => {
      const parent = await thirtyDayParent();
      const run = await create(parent, '--name', 'too long', '--expires', '90d');
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toBe(
        `latchkey: A token cannot create a token that outlives it: choose ${await parentExpiry(parent)} or earlier.\n`,
      );
    });
  });
});
