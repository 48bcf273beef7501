import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { wellFormedServiceKey, wellFormedToken } from './support/secrets.js';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-verify-package-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });
}

describe('the published package', () => {
  it('installs from its tarballs into a project outside the repository and verifies there', () => {
    for (const workspace of ['rules', 'verify']) {
      const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, workspace, 'package.json'), 'utf8'));
      expect(manifest, `${workspace} can be published`).toMatchObject({ license: 'Apache-2.0' });
      expect(manifest.private, `${workspace} can be published`).toBeUndefined();
    }
    // What `npm publish` would upload: @latchkey/verify and the rules it depends on (prepack builds dist/).
    npm(['pack', '--pack-destination', directory], path.join(repositoryRoot, 'rules'));
    npm(['pack', '--pack-destination', directory], path.join(repositoryRoot, 'verify'));
    const tarballs = readdirSync(directory).filter((file) => file.endsWith('.tgz'));
    expect(tarballs.sort()).toEqual([
      expect.stringMatching(/^latchkey-rules-/),
      expect.stringMatching(/^latchkey-verify-/),
    ]);
    const project = path.join(directory, 'service');
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'service', type: 'module', private: true }),
    );
    npm(['install', '--prefer-offline', ...tarballs.map((file) => path.join(directory, file))], project);

    // A malformed token is refused without Latchkey (nothing listens at the URL); a well-formed one finds it down.
    const check = `
      import { createVerifier } from '@latchkey/verify';
      import { latchkeyMiddleware } from '@latchkey/verify/node';
      const verifier = createVerifier({ url: 'http://127.0.0.1:9', serviceId: 'reports', serviceKey: process.argv[1] });
      const results = [await verifier.verify('Bearer nope'), await verifier.verify(process.argv[2])];
      await verifier.close();
      console.log(JSON.stringify({ results, middleware: typeof latchkeyMiddleware }));`;
    const output = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', check, wellFormedServiceKey(), wellFormedToken()],
      { cwd: project, encoding: 'utf8' },
    );
    expect(JSON.parse(output)).toEqual({
      results: [
        { ok: false, error: 'invalid_token' },
        { ok: false, error: 'unavailable' },
      ],
      middleware: 'function',
    });
  }, 120_000);
});
