import { sveltekit } from '@sveltejs/kit/vite';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    // Keep the browser's Host: the API checks that session requests come from the origin they were sent to.
    proxy: { '/graphql': { target: process.env.LATCHKEY_API_ORIGIN ?? 'http://localhost:4000', changeOrigin: false } },
  },
  test: {
    projects: [
      {
        extends: true,
        plugins: [svelteTesting()],
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['src/**/*.spec.ts'],
          setupFiles: ['./vitest-setup.ts'],
        },
      },
      {
        test: {
          name: 'codegen',
          environment: 'node',
          include: ['scripts/**/*.spec.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['./e2e/support/global-setup.ts'],
          fileParallelism: false,
          // The accessibility walk runs axe on eight states; on a two-core machine that alone takes about a minute.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
