import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The smoke test runs the whole bench at tiny scale: servers, seeding, PostgreSQL when reachable.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
