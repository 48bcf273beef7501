import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const postgresqlAdminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

export function createSqliteDatabase(): TestDatabase {
  const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-reports-'));
  return {
    url: `file:${path.join(directory, 'latchkey.db')}`,
    drop: async () => rmSync(directory, { recursive: true, force: true }),
  };
}

async function asAdmin(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresqlAdminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A new, empty PostgreSQL database on the test server; Latchkey's service-key script migrates it. */
export async function createPostgresqlDatabase(): Promise<TestDatabase> {
  const name = `latchkey_reports_${randomUUID().replaceAll('-', '')}`;
  await asAdmin(`CREATE DATABASE "${name}"`);
  const url = new URL(postgresqlAdminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => asAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
