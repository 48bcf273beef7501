import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The tests run the built bundle, as installed: build it first, then start the server they talk to.
    globalSetup: ['test/support/global-build.ts', 'test/support/global-server.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
