// Runs the root codegen.ts, but only its client target, so the client can regenerate (and check) its own files.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const clientTarget = 'client/src/lib/graphql/';

/** @returns {Promise<import('@graphql-codegen/cli').CodegenConfig & { cwd: string }>} */
export async function clientCodegenConfig() {
  const { config } = await loadCodegenConfig({ configFilePath: path.join(repositoryRoot, 'codegen.ts') });
  const target = config.generates[clientTarget];
  if (!target) throw new Error(`codegen.ts has no "${clientTarget}" target`);
  return { ...config, cwd: repositoryRoot, silent: true, generates: { [clientTarget]: target } };
}

/** @returns {Promise<{ filename: string; content: string }[]>} */
export async function generateClientFiles(write = false) {
  if (write) process.chdir(repositoryRoot);
  return generate(await clientCodegenConfig(), write);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = await generateClientFiles(true);
  console.log(`Generated ${files.map((file) => path.relative(repositoryRoot, file.filename)).join(', ')}`);
}
