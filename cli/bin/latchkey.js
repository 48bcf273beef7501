#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so a fresh clone needs no build step. The loader is
// namespaced: it compiles the CLI's own modules and leaves the rest of the process alone.
import { fileURLToPath } from 'node:url';

let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  console.error('latchkey: cannot load tsx, which runs the CLI; run "npm install" in the Latchkey repository');
  process.exit(1);
}
const api = register({
  namespace: 'latchkey-cli',
  tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
});
await api.import('../src/main.ts', import.meta.url);
