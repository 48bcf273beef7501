import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node loads graphql's CommonJS build for the libraries; without this alias Vite would give our
  // own modules the .mjs build, and two copies of graphql break instanceof checks.
  resolve: { alias: { graphql: createRequire(import.meta.url).resolve('graphql') } },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/database.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // OWASP's scrypt cost takes ~0.3 s a hash; tests sign up many accounts. password.test.ts checks the real cost.
    env: { LATCHKEY_SCRYPT_LOG_N: '12' },
  },
});
