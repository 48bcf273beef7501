import pg from 'pg';
import { configDefaults, defineConfig, type ViteUserConfig } from 'vitest/config';

const postgresqlAdminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

async function postgresqlIsReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresqlAdminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

// Real processes: Latchkey (server/dist, built by turbo before this suite) and this example (dist).
export default defineConfig(async (): Promise<ViteUserConfig> => {
  const withPostgresql = await postgresqlIsReachable();
  if (!withPostgresql) {
    if (process.env.LATCHKEY_REQUIRE_POSTGRESQL)
      throw new Error(`PostgreSQL is required but ${postgresqlAdminUrl} is unreachable`);
    console.warn(`PostgreSQL at ${postgresqlAdminUrl} is unreachable: skipping the two-replica tests.`);
  }
  return {
    test: {
      include: ['test/**/*.test.ts'],
      exclude: [...configDefaults.exclude, ...(withPostgresql ? [] : ['test/postgresql-*.test.ts'])],
      env: { TEST_DATABASE_URL: postgresqlAdminUrl },
      // Each file runs its own Latchkey and example processes; one file at a time keeps timings honest on 2 cores.
      fileParallelism: false,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
});
