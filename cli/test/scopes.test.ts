import { describe, expect, it } from 'vitest';
import { runLatchkey } from './support/run-latchkey.js';

describe('latchkey scopes', () => {
  it('lists every scope a token can carry, without needing a token', async () => {
    const run = await runLatchkey(['scopes'], { environment: { LATCHKEY_TOKEN: undefined } });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      [
        'NAME          DESCRIPTION',
        "profile:read  Read your account's email address.",
        'tokens:read   List and read your personal access tokens.',
        'tokens:write  Generate, revoke, restore and delete your personal access tokens.',
        "audit:read    Read your account's audit log.",
        '',
      ].join('\n'),
    );
  });

  it('prints the documented JSON shape with --json', async () => {
    const run = await runLatchkey(['scopes', '--json'], { environment: { LATCHKEY_TOKEN: undefined } });

    expect(JSON.parse(run.stdout)).toEqual({
      scopes: expect.arrayContaining([
        { scope: 'TOKENS_WRITE', name: 'tokens:write', description: expect.any(String) },
      ]),
    });
    expect(JSON.parse(run.stdout).scopes).toHaveLength(4);
  });
});
