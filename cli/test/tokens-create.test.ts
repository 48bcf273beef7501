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
        '--scope',
        'tokens:read',
        '--scope',
        'profile:read',
        '--expires',
        '90d',
      ],
      { environment: { LATCHKEY_TOKEN: admin.secret } },
    );

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(SECRET_LINE);
    const secret = rememberSecret(run.stdout.trim());
    expect(run.stderr).toMatch(/^Created token "ci-deploy" \(profile:read, tokens:read\), expiring .* UTC\. Store its/);
    expect(run.stderr).not.toContain(secret);

    const whoami = await runLatchkey(['whoami', '--json'], { environment: { LATCHKEY_TOKEN: secret } });
    expect(JSON.parse(whoami.stdout).token).toMatchObject({
      name: 'ci-deploy',
      scopes: ['profile:read', 'tokens:read'],
    });
  });

  it('prints the secret and the token as JSON with --json', async () => {
    const account = await TestAccount.signUp();
    const admin = await account.issueToken('admin');

    const run = await runLatchkey(
      ['tokens', 'create', '--json', '--name', 'nightly', '--scope', 'tokens:read,audit:read'],
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
        hint: `lkpat_…${created.secret.slice(-4)}`,
        scopes: ['audit:read', 'tokens:read'],
        status: 'active',
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
        lastUsedAt: null,
      },
    });
    const lifetimeDays = (Date.parse(created.token.expiresAt) - Date.parse(created.token.createdAt)) / 86_400_000;
    expect(lifetimeDays).toBe(30);
  });

  it('is refused with exit code 4 for a token without tokens:write', async () => {
    const account = await TestAccount.signUp();
    const reader = await account.issueToken('reader', ['PROFILE_READ', 'TOKENS_READ', 'AUDIT_READ']);

    const run = await runLatchkey(['tokens', 'create', '--name', 'sneaky', '--scope', 'tokens:read'], {
      environment: { LATCHKEY_TOKEN: reader.secret },
    });

    expect(run.exitCode).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('latchkey: this needs a token with the tokens:write scope\n');
  });

  it('is refused with exit code 1 when the name is taken, in any case', async () => {
    const account = await TestAccount.signUp();
    const admin = await account.issueToken('admin');

    const run = await runLatchkey(['tokens', 'create', '--name', 'ADMIN', '--scope', 'tokens:read'], {
      environment: { LATCHKEY_TOKEN: admin.secret },
    });

    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^latchkey: .*"ADMIN".*\n$/);
  });

  it('is refused with exit code 1 when the server finds the input invalid', async () => {
    const account = await TestAccount.signUp();
    const writer = await account.issueToken('writer', ['TOKENS_WRITE']);

    const run = await runLatchkey(['tokens', 'create', '--name', 'wider', '--scope', 'audit:read'], {
      environment: { LATCHKEY_TOKEN: writer.secret },
    });

    expect(run.exitCode).toBe(1);
    expect(run.stderr.split('\n')).toEqual([expect.stringMatching(/^latchkey: .+/), '']);
  });

  it('is refused with exit code 1 at the token limit', async () => {
    const account = await TestAccount.signUp();
    const admin = await account.issueToken('admin');
    await Promise.all(
      Array.from({ length: TOKEN_LIMIT - 1 }, (_, index) => account.issueToken(`filler-${index}`, ['TOKENS_READ'])),
    );

    const run = await runLatchkey(['tokens', 'create', '--name', 'one-too-many', '--scope', 'tokens:read'], {
      environment: { LATCHKEY_TOKEN: admin.secret },
    });

    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^latchkey: .*${TOKEN_LIMIT}.*\n$`));
  });

  it.each([
    [['--scope', 'tokens:read'], 'latchkey: --name is required\n'],
    [['--name', 'x'], 'latchkey: at least one --scope is required (see "latchkey scopes")\n'],
    [['--name', 'x', '--scope', 'tokens:admin'], /^latchkey: unknown scope "tokens:admin" \(choose from .*\)\n$/],
    [['--name', 'x', '--scope', 'tokens:read', '--expires', 'never'], /^latchkey: --expires must be one of 30d, 60d/],
    [['--name', '--scope', 'tokens:read'], 'latchkey: --name needs a value\n'],
  ])('rejects bad input %j as a usage error, before calling the server', async (args, message) => {
    const run = await runLatchkey(['tokens', 'create', ...args], { environment: { LATCHKEY_TOKEN: undefined } });

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
