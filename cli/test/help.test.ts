import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRoot } from './support/paths.js';
import { runLatchkey } from './support/run-latchkey.js';

const commands = [
  'login',
  'logout',
  'whoami',
  'tokens list',
  'tokens create',
  'tokens revoke',
  'tokens restore',
  'tokens delete',
  'permissions',
  'api',
  'auth token',
  'completion',
  'version',
];

describe('help', () => {
  it('lists every command, the exit codes and the environment variables', async () => {
    const run = await runLatchkey(['--help']);

    expect(run.exitCode).toBe(0);
    for (const command of commands) expect(run.stdout).toContain(`  ${command} `);
    expect(run.stdout).toContain('Exit codes:');
    expect(run.stdout).toContain('LATCHKEY_TOKEN');
  });

  it.each(commands)('explains "latchkey %s" with --help, and with "latchkey help"', async (command) => {
    const words = command.split(' ');
    const flag = await runLatchkey([...words, '--help']);
    const topic = await runLatchkey(['help', ...words]);

    expect(flag.exitCode).toBe(0);
    expect(flag.stdout).toMatch(new RegExp(`^Usage: latchkey ${command}`));
    expect(flag.stdout).toContain('Global options:');
    expect(topic.stdout).toBe(flag.stdout);
  });

  it('explains that tokens create takes permission names, and still takes --scope as their old option', async () => {
    const run = await runLatchkey(['tokens', 'create', '--help']);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^ {2}--permission PERMISSION {2}A permission such as reports:read; repeat it/m);
    expect(run.stdout).toMatch(/^ {2}--scope PERMISSION {7}The old name of --permission, kept for scripts/m);
  });

  it('lists the tokens commands for "latchkey tokens --help"', async () => {
    const run = await runLatchkey(['tokens', '--help']);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('latchkey tokens create');
  });

  it.each([['--version'], ['-V'], ['version']])('prints the package version for "latchkey %s"', async (word) => {
    const { version } = JSON.parse(readFileSync(path.join(cliRoot, 'package.json'), 'utf8'));

    const run = await runLatchkey([word]);

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(`${version}\n`);
  });
});
