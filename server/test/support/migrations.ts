import { expect } from 'vitest';
import { type Migration, migrationsDirectory, readMigrations } from '../../src/database/migration-files.js';

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
