import path from 'node:path';

export const repositoryRoot = path.resolve(import.meta.dirname, '../..');
export const serverDirectory = path.join(repositoryRoot, 'server');
/** The production build: `turbo run build --filter=@latchkey/server` writes it. */
export const serverEntryPoint = path.join(serverDirectory, 'dist/index.js');
export const serverBuildModule = (relativePath: string) => path.join(serverDirectory, 'dist', relativePath);
export const benchDirectory = path.join(repositoryRoot, 'bench');
export const defaultResultsFile = path.join(benchDirectory, 'results/latest.json');
export const profilesDirectory = path.join(benchDirectory, 'results/profiles');
/** The build of @latchkey/verify (`turbo run build --filter=@latchkey/verify`), as a service installs it. */
export const verifyPackageEntryPoint = path.join(repositoryRoot, 'verify/dist/index.js');
export const exampleServiceDirectory = path.join(repositoryRoot, 'examples/reports-api');
