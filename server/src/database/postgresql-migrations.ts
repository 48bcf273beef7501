import pg from 'pg';
import { changedMigrationError, type Migration } from './migration-files.js';

// Any constant will do: it only has to be the same in every replica, so concurrent starts take turns.
const MIGRATION_LOCK_KEY = 0x1a7c4;

/**
 * Prisma's own `migrate deploy` cannot reach PostgreSQL offline here, so this applies the committed SQL
 * itself: under an advisory lock (replicas starting together migrate one at a time), each pending
 * migration in order, in one transaction with its record. PostgreSQL's DDL is transactional, so a
 * failing migration leaves nothing behind.
 */
export async function migratePostgresql(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_latchkey_migrations" (
      "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM "_latchkey_migrations"',
    );
    const applied = new Map(rows.map((row) => [row.name, row.checksum]));
    const newlyApplied: string[] = [];
    for (const migration of migrations) {
      const appliedChecksum = applied.get(migration.name);
      if (appliedChecksum !== undefined) {
        if (appliedChecksum !== migration.checksum) throw changedMigrationError(migration.name);
        continue;
      }
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query('INSERT INTO "_latchkey_migrations" (name, checksum) VALUES ($1, $2)', [
          migration.name,
          migration.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      newlyApplied.push(migration.name);
    }
    return newlyApplied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
