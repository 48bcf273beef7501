import path from 'node:path';
import { type CodegenConfig, loadCodegenConfig } from '@graphql-codegen/cli';

export const repositoryRoot = path.resolve(import.meta.dirname, '../..');
export const CLI_TARGET = 'cli/src/graphql/';

/** The root codegen.ts, narrowed to the CLI's target, so the client's documents never block the CLI's types. */
export async function cliCodegenConfig(): Promise<CodegenConfig & { cwd: string }> {
  const { config } = await loadCodegenConfig({ configFilePath: path.join(repositoryRoot, 'codegen.ts') });
  const target = config.generates[CLI_TARGET];
  if (!target) throw new Error(`codegen.ts has no "${CLI_TARGET}" target`);
  return { ...config, cwd: repositoryRoot, silent: true, generates: { [CLI_TARGET]: target } };
}
