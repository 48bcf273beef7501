import { describe, expect, it } from 'vitest';
import { TestAccount } from './support/accounts.js';
import { runLatchkey } from './support/run-latchkey.js';

describe('latchkey permissions', () => {
  it("lists the server's catalogue service by service, with descriptions and implications", async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('catalogue-reader', ['tokens:read']);

    const run = await runLatchkey(['permissions'], { environment: { LATCHKEY_TOKEN: token.secret } });

    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'Latchkey (latchkey): This server: your profile, your tokens, your audit log and your notifications, and (administrators only) its administration.',
        "  profile:read         Read your account's email address.",
        '  tokens:read          List and read your personal access tokens.',
        '  tokens:write         Generate, revoke, restore and delete your personal access tokens.',
        "  audit:read           Read your account's audit log.",
        '  notifications:read   Read your notification choices, webhook endpoints and their recent deliveries.',
        '  notifications:write  Choose notifications, and add, enable, test and delete webhook endpoints.',
        '',
        'Reports (reports): The reports API of the CLI tests.',
        '  reports:read         Read reports.',
        '  reports:write        Create, change and delete reports.',
        '                       Implies reports:read.',
        '',
        'Metrics (metrics)',
        '  metrics:read         Read dashboards.',
        '',
      ].join('\n'),
    );
  });

  it('prints the documented JSON shape with --json', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('json-catalogue', ['reports:read']);

    const run = await runLatchkey(['permissions', '--json'], { environment: { LATCHKEY_TOKEN: token.secret } });

    expect(run.exitCode).toBe(0);
    const { services } = JSON.parse(run.stdout);
    expect(services.map((service: { id: string }) => service.id)).toEqual(['latchkey', 'reports', 'metrics']);
    expect(services[1]).toEqual({
      id: 'reports',
      name: 'Reports',
      description: 'The reports API of the CLI tests.',
      permissions: [
        { name: 'reports:read', description: 'Read reports.', implies: [] },
        { name: 'reports:write', description: 'Create, change and delete reports.', implies: ['reports:read'] },
      ],
    });
  });

  it('needs a token, as the catalogue is only shown to someone signed in', async () => {
    const run = await runLatchkey(['permissions'], { environment: { LATCHKEY_TOKEN: undefined } });

    expect(run.exitCode).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('latchkey: no token: run "latchkey login", or set LATCHKEY_TOKEN\n');
  });
});
