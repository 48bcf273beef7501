import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientTarget, generateClientFiles, repositoryRoot } from './codegen.js';

const biome = path.join(repositoryRoot, 'node_modules/.bin/biome');

/** The committed files may have been through the repository's formatter; that is not staleness. */
function formatted(filename: string, content: string): string {
  try {
    return execFileSync(biome, ['format', `--stdin-file-path=${filename}`], {
      cwd: repositoryRoot,
      input: content,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'ignore'],
    });
  } catch {
    return content;
  }
}

describe('generated GraphQL files', () => {
  it('match what codegen produces from the schema and the operations (run `npm run generate` if not)', async () => {
    const generated = await generateClientFiles(false);
    const directory = path.join(repositoryRoot, clientTarget);
    expect((await readdir(directory)).sort()).toEqual(generated.map((file) => path.basename(file.filename)).sort());
    for (const file of generated) {
      const onDisk = await readFile(path.join(repositoryRoot, file.filename), 'utf8');
      if (onDisk !== file.content) expect(onDisk, file.filename).toBe(formatted(file.filename, file.content));
    }
  }, 60_000);
});
