import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Node loads graphql's CommonJS build for graphql-yoga; without this alias Vite would give our own modules
  // the .mjs build, and two copies of graphql break instanceof checks.
  resolve: { alias: { graphql: createRequire(import.meta.url).resolve('graphql') } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 15_000,
  },
});
