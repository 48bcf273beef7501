import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CodegenConfig, generate, loadCodegenConfig } from '@graphql-codegen/cli';
import { repositoryRoot } from '../src/config.js';

export const POSSIBLE_TYPES_TARGET = 'schema/possible-types.json';

/** The root codegen.ts, narrowed to the fragment matcher's file, which needs only the committed SDL. */
async function possibleTypesCodegenConfig(): Promise<CodegenConfig & { cwd: string }> {
  const { config } = await loadCodegenConfig({ configFilePath: path.join(repositoryRoot, 'codegen.ts') });
  const target = config.generates[POSSIBLE_TYPES_TARGET];
  if (!target) throw new Error(`codegen.ts has no "${POSSIBLE_TYPES_TARGET}" target`);
  return { ...config, cwd: repositoryRoot, silent: true, generates: { [POSSIBLE_TYPES_TARGET]: target } };
}

/** What codegen makes of schema/schema.graphql; written to schema/possible-types.json when `write`. */
export async function generatePossibleTypes(write = false): Promise<string> {
  const [file] = await generate(await possibleTypesCodegenConfig(), write);
  if (!file) throw new Error(`codegen produced no ${POSSIBLE_TYPES_TARGET}`);
  return file.content;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await generatePossibleTypes(true);
