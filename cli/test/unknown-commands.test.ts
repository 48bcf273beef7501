import { describe, expect, it } from 'vitest';
import { runLatchkey } from './support/run-latchkey.js';

describe('a mistyped command', () => {
  it.each([
    [['tokns'], 'unknown command "tokns". Did you mean "tokens"?'],
    [['whomai'], 'unknown command "whomai". Did you mean "whoami"?'],
    [['perm'], 'unknown command "perm". Did you mean "permissions"?'],
    [['revoke', 'deploy'], 'unknown command "revoke". Did you mean "tokens revoke"?'],
    [['tokens', 'lst'], 'unknown command "tokens lst". Did you mean "tokens list"?'],
    [['auth', 'tokn'], 'unknown command "auth tokn". Did you mean "auth token"?'],
    [['help', 'tokens', 'craete'], 'no help for unknown command "tokens craete". Did you mean "help tokens create"?'],
    [['tokens', 'create', '--permision', 'reports:read'], 'unknown option --permision. Did you mean "--permission"?'],
  ])('%j suggests the closest one and exits with 2', async (args, message) => {
    const run = await runLatchkey(args);

    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`latchkey: ${message}\n`);
  });

  it('points at the help when nothing is close', async () => {
    const run = await runLatchkey(['frobnicate']);

    expect(run.stderr).toBe('latchkey: unknown command "frobnicate" (see latchkey --help)\n');
  });
});
