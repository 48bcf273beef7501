import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '../config.js';
import type { DatabaseEngine } from './engine.js';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationsDirectory(engine: DatabaseEngine): string {
  return path.join(repositoryRoot, 'prisma/migrations', engine);
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

export function changedMigrationError(name: string): Error {
  return new Error(`Migration ${name} was changed after it was applied`);
}
