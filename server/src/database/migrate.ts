import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { repositoryRoot } from '../config.js';

export const sqliteMigrationsDirectory = path.join(repositoryRoot, 'prisma/migrations/sqlite');

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(directory: string): Migration[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const sql = readFileSync(path.join(directory, file), 'utf8');
      return { name: file.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies each migration not yet recorded, in name order, each in its own transaction together
 * with its record, so a failing migration leaves neither its changes nor its record behind.
 * Returns the names it applied.
 */
export function migrateSqlite(file: string, directory = sqliteMigrationsDirectory): string[] {
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
    for (const migration of readMigrations(directory)) {
      const appliedChecksum = applied.get(migration.name);
      if (appliedChecksum !== undefined) {
        if (appliedChecksum !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied`);
        }
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
