import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { expect, it } from 'vitest';
import { CLI_TARGET, cliCodegenConfig, repositoryRoot } from '../scripts/codegen-config.js';

function contentsByPath(files: { filename: string; content: string }[]): Record<string, string> {
  return Object.fromEntries(
    files.map((file) => [path.relative(repositoryRoot, path.resolve(repositoryRoot, file.filename)), file.content]),
  );
}

it('has committed GraphQL types that match the schema and the operations in cli/src', async () => {
  const generated: { filename: string; content: string }[] = await generate(await cliCodegenConfig(), false);

  const directory = path.join(repositoryRoot, CLI_TARGET);
  const onDisk = readdirSync(directory).map((file) => ({
    filename: path.join(CLI_TARGET, file),
    content: readFileSync(path.join(directory, file), 'utf8'),
  }));
  // When this fails, run "npm run generate -w @latchkey/cli" and commit cli/src/graphql/.
  expect(contentsByPath(onDisk)).toEqual(contentsByPath(generated));
});
