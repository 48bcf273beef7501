#!/usr/bin/env node
// The command's entry: the bundle `npm run build -w @latchkey/cli` writes (npm start and npm pack build it too).
// Committed, unlike the bundle, so that npm links `latchkey` in a fresh clone before anything is built.
try {
  await import('../dist/latchkey.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/latchkey.js')) throw error;
  console.error('latchkey is not built yet: run `npm run build -w @latchkey/cli` (or `npm start`) first.');
  process.exitCode = 1;
}
