import path from 'node:path';

export const cliRoot = path.resolve(import.meta.dirname, '../..');
export const repositoryRoot = path.resolve(cliRoot, '..');
export const cliBin = path.join(cliRoot, 'bin/latchkey.js');
