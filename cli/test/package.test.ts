import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { TestAccount } from './support/accounts.js';
import { runNpm } from './support/npm.js';
import { cliRoot } from './support/paths.js';
import { runLatchkey, temporaryDirectory } from './support/run-latchkey.js';

interface PackResult {
  filename: string;
  files: { path: string }[];
}

const { version } = JSON.parse(readFileSync(path.join(cliRoot, 'package.json'), 'utf8')) as { version: string };

describe('the package from npm pack', () => {
  let packed: PackResult;
  let prefix: string;
  let installed: string;

  beforeAll(async () => {
    const directory = temporaryDirectory();
    [packed] = JSON.parse(await runNpm(['pack', '--json', '--pack-destination', directory], cliRoot)) as [PackResult];
    prefix = path.join(directory, 'prefix');
    // Offline: a package with no dependencies needs nothing from a registry.
    await runNpm(['install', '--offline', '--prefix', prefix, path.join(directory, packed.filename)], directory);
    installed = path.join(prefix, 'node_modules/.bin/latchkey');
  }, 120_000);

  it('holds the bundled command and its package.json, nothing else', () => {
    // npm adds a licence and a read-me file to every package when they exist.
    const alwaysPacked = /^(LICENSE|READ[M]E)/i;
    const files = packed.files.map((file) => file.path).filter((file) => !alwaysPacked.test(file));

    expect(files.sort()).toEqual(['bin/latchkey.js', 'dist/latchkey.js', 'package.json']);
  });

  it('installs nothing else: no tsx, no workspace package, no dependency at all', () => {
    const manifest = JSON.parse(readFileSync(path.join(prefix, 'node_modules/@latchkey/cli/package.json'), 'utf8'));

    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.license).toBe('Apache-2.0');
    expect(readdirSync(path.join(prefix, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual([
      '@latchkey',
    ]);
    expect(readdirSync(path.join(prefix, 'node_modules/@latchkey'))).toEqual(['cli']);
  });

  it.each([['--version'], ['-V'], ['version']])('prints its version for "latchkey %s"', async (word) => {
    const run = await runLatchkey([word], { executable: installed });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(`${version}\n`);
  });

  it('works against a real server', async () => {
    const account = await TestAccount.signUp();
    const token = await account.issueToken('installed-cli', ['profile:read']);

    const run = await runLatchkey(['whoami', '--json'], {
      executable: installed,
      environment: { LATCHKEY_TOKEN: token.secret },
    });

    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({
      url: inject('latchkeyUrl'),
      email: account.email,
      token: { name: 'installed-cli', permissions: ['profile:read'] },
    });
  });
});
