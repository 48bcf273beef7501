import { randomUUID } from 'node:crypto';
import pg from 'pg';

export const postgresqlAdminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

async function asAdmin(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresqlAdminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A new, empty database on the test server, with a function that drops it. */
export async function createPostgresqlDatabase() {
  const name = `latchkey_test_${randomUUID().replaceAll('-', '')}`;
  await asAdmin(`CREATE DATABASE "${name}"`);
  const url = new URL(postgresqlAdminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => asAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
