import path from 'node:path';

export const cliRoot = path.resolve(import.meta.dirname, '../..');
export const repositoryRoot = path.resolve(cliRoot, '..');
/** The bundle `npm run build` writes and the package's `bin` points at. */
export const cliBin = path.join(cliRoot, 'bin/latchkey.js');
