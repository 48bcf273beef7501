import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { configDefaults, defineConfig, type ViteUserConfig } from 'vitest/config';

const postgresqlAdminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const sqliteOnly = ['test/sqlite-*.test.ts', 'test/server-process.test.ts'];
const postgresqlOnly = ['test/postgresql-*.test.ts', 'test/replicas.test.ts'];

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

export default defineConfig(async (): Promise<ViteUserConfig> => {
  const withPostgresql = await postgresqlIsReachable();
  if (!withPostgresql) {
    if (process.env.LATCHKEY_REQUIRE_POSTGRESQL)
      throw new Error(`PostgreSQL is required but ${postgresqlAdminUrl} is unreachable`);
    console.warn(`PostgreSQL at ${postgresqlAdminUrl} is unreachable: running the SQLite suite only.`);
  }
  // OWASP's scrypt cost takes ~0.3 s a hash; tests sign up many accounts. password.test.ts checks the real cost.
  // Rate limits are tested with their own low values (test/rate-limits.test.ts); here they must not get in the way.
  const env = {
    LATCHKEY_SCRYPT_LOG_N: '12',
    TEST_DATABASE_URL: postgresqlAdminUrl,
    // The example catalogue's `reports`, and `billing` beside it, so tests can show one service's view of a token.
    LATCHKEY_CONFIG: path.join(import.meta.dirname, 'test/support/catalogue.json'),
    LATCHKEY_LOG: 'off',
    LATCHKEY_RATE_LIMIT_SIGN_IN_ACCOUNT: '1000000',
    LATCHKEY_RATE_LIMIT_SIGN_IN_IP: '1000000',
    LATCHKEY_RATE_LIMIT_SIGN_UP_IP: '1000000',
    LATCHKEY_RATE_LIMIT_INVALID_TOKEN_IP: '1000000',
    LATCHKEY_RATE_LIMIT_SIGNED_IN_ACCOUNT: '1000000',
    LATCHKEY_RATE_LIMIT_SIGNED_IN_IP: '1000000',
    LATCHKEY_RATE_LIMIT_PASSWORD_CONFIRMATION_SESSION: '1000000',
    // Cheap hashes at log N 12; tests that race many sign-ins must not be turned away.
    LATCHKEY_PASSWORD_HASHING_CONCURRENCY: '4',
    LATCHKEY_PASSWORD_HASHING_QUEUE: '1000',
  };
  return {
    // Node loads graphql's CommonJS build for the libraries; without this alias Vite would give our
    // own modules the .mjs build, and two copies of graphql break instanceof checks.
    resolve: { alias: { graphql: createRequire(import.meta.url).resolve('graphql') } },
    test: {
      include: ['test/**/*.test.ts'],
      setupFiles: ['test/support/database.ts'],
      pool: 'forks',
      testTimeout: 30_000,
      hookTimeout: 60_000,
      projects: [
        {
          extends: true as const,
          test: {
            name: 'sqlite',
            exclude: [...configDefaults.exclude, ...postgresqlOnly],
            env: { ...env, LATCHKEY_TEST_ENGINE: 'sqlite' },
          },
        },
        ...(withPostgresql
          ? [
              {
                extends: true as const,
                test: {
                  name: 'postgresql',
                  exclude: [...configDefaults.exclude, ...sqliteOnly],
                  env: { ...env, LATCHKEY_TEST_ENGINE: 'postgresql' },
                },
              },
            ]
          : []),
      ],
    },
  };
});
