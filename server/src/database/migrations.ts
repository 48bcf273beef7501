import { migrationsApplied } from '../metrics/counts.js';
import { databaseEngine } from './engine.js';
import { migrationsDirectory, readMigrations } from './migration-files.js';
import { migratePostgresql } from './postgresql-migrations.js';
import { sqliteFileFromUrl } from './sqlite-file.js';
import { migrateSqlite } from './sqlite-migrations.js';

/** Brings the database at `url` up to date; returns the names of the migrations it applied. */
export async function migrateDatabase(url: string): Promise<string[]> {
  const engine = databaseEngine(url);
  const migrations = readMigrations(migrationsDirectory(engine));
  const applied =
    engine === 'postgresql'
      ? await migratePostgresql(url, migrations)
      : await migrateSqlite(sqliteFileFromUrl(url), migrations);
  migrationsApplied[engine] += applied.length;
  return applied;
}
