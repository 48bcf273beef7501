import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { changedMigrationError, type Migration } from './migration-files.js';

/**
 * Applies each migration not yet recorded, in order, each in its own transaction together with its
 * record, so a failing migration leaves neither its changes nor its record behind. Returns the names
 * it applied.
 */
export function migrateSqlite(file: string, migrations: Migration[]): string[] {
  mkdirSync(path.dirname(file), { recursive: true });
  const connection = new Database(file);
  try {
    connection.pragma('journal_mode = WAL');
    connection.exec(`CREATE TABLE IF NOT EXISTS "_latchkey_migrations" (
      "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`);
    const applied = new Map(
      connection
        .prepare<[], { name: string; checksum: string }>('SELECT name, checksum FROM "_latchkey_migrations"')
        .all()
        .map((row) => [row.name, row.checksum]),
    );
    const record = connection.prepare(
      'INSERT INTO "_latchkey_migrations" (name, checksum, appliedAt) VALUES (?, ?, ?)',
    );
    const newlyApplied: string[] = [];
    for (const migration of migrations) {
      const appliedChecksum = applied.get(migration.name);
      if (appliedChecksum !== undefined) {
        if (appliedChecksum !== migration.checksum) throw changedMigrationError(migration.name);
        continue;
      }
      connection.transaction(() => {
        connection.exec(migration.sql);
        record.run(migration.name, migration.checksum, new Date().toISOString());
      })();
      newlyApplied.push(migration.name);
    }
    return newlyApplied;
  } finally {
    connection.close();
  }
}
