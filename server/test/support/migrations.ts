import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect } from 'vitest';
import { type Migration, migrationsDirectory, readMigrations } from '../../src/database/migration-files.js';
import { migratePostgresql } from '../../src/database/postgresql-migrations.js';
import { migrateSqlite } from '../../src/database/sqlite-migrations.js';
import { createPostgresqlDatabase } from './postgresql.js';

/**
 * The committed migrations of `engine` around the one named: those `before` it (to build the database it found),
 * `through` it, and `all` of them. A test populates the first, then applies the rest.
 */
export function migrationsAround(engine: 'sqlite' | 'postgresql', name: string) {
  const all: Migration[] = readMigrations(migrationsDirectory(engine));
  const index = all.findIndex((migration) => migration.name === name);
  expect(index, `no migration ${name}`).toBeGreaterThan(0);
  return { before: all.slice(0, index), through: all.slice(0, index + 1), all };
}

/** A database that an upgrade migrated after rows were written under the schema before it. */
export interface UpgradedDatabase {
  /** The migrations the upgrade applied, by name. */
  applied: string[];
  /** Runs one statement on the upgraded database: the rows a query returns, none for a write. */
  run(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/**
 * A fresh database of `engine` built by the migrations before `name`, populated by `statements`, then upgraded
 * through `name` (or through every migration, `upTo: 'all'`): what an operator's existing installation meets.
 */
export async function upgradePopulated(
  engine: 'sqlite' | 'postgresql',
  name: string,
  statements: readonly string[],
  { upTo = 'named' }: { upTo?: 'named' | 'all' } = {},
): Promise<UpgradedDatabase> {
  const { before, through, all } = migrationsAround(engine, name);
  const upgrade = upTo === 'all' ? all : through;
  if (engine === 'sqlite') {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'latchkey-upgrade-')), 'latchkey.db');
    migrateSqlite(file, before);
    const populating = new Database(file);
    try {
      for (const statement of statements) populating.exec(statement);
    } finally {
      populating.close();
    }
    const applied = migrateSqlite(file, upgrade);
    const connection = new Database(file);
    return {
      applied,
      run: async (sql) => {
        const statement = connection.prepare(sql);
        if (statement.reader) return statement.all() as Record<string, unknown>[];
        statement.run();
        return [];
      },
      close: async () => {
        connection.close();
        rmSync(path.dirname(file), { recursive: true, force: true });
      },
    };
  }
  const database = await createPostgresqlDatabase();
  const client = new pg.Client({ connectionString: database.url });
  try {
    await migratePostgresql(database.url, before);
    await client.connect();
    for (const statement of statements) await client.query(statement);
    const applied = await migratePostgresql(database.url, upgrade);
    return {
      applied,
      run: async (sql) => (await client.query(sql)).rows,
      close: async () => {
        await client.end();
        await database.drop();
      },
    };
  } catch (error) {
    await client.end().catch(() => {});
    await database.drop();
    throw error;
  }
}
