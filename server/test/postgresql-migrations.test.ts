import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsDirectory, readMigrations } from '../src/database/migration-files.js';
import { migratePostgresql } from '../src/database/postgresql-migrations.js';
import { getDatamodel } from '../src/generated/pothos-types.js';
import { createPostgresqlDatabase } from './support/postgresql.js';

const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const drop of drops.splice(0)) await drop();
});

async function scratchDatabase() {
  const database = await createPostgresqlDatabase();
  drops.push(database.drop);
  return database.url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const tableNames = async (url: string) =>
  (
    await query<{ name: string }>(
      url,
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    )
  ).map((row) => row.name);

function migrationsFolder(files: Record<string, string>): string {
  const directory = path.join(mkdtempSync(path.join(tmpdir(), 'latchkey-pg-migrations-')), 'migrations');
  mkdirSync(directory);
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(directory, name), sql);
  return directory;
}

const committed = () => readMigrations(migrationsDirectory('postgresql'));

describe('PostgreSQL migrations', () => {
  it('build a fresh database with every committed migration, and do nothing the second time', async () => {
    const url = await scratchDatabase();
    expect(await migratePostgresql(url, committed())).toEqual(committed().map((migration) => migration.name));
    expect(await migratePostgresql(url, committed())).toEqual([]);
    expect(await tableNames(url)).toEqual([
      'AuditEvent',
      'NotificationDelivery',
      'NotificationEvent',
      'NotificationPreference',
      'PersonalAccessToken',
      'RateLimitCounter',
      'ServiceKey',
      'Session',
      'TokenActivity',
      'TokenAddress',
      'TokenPermission',
      'TokenUsageCounter',
      'User',
      'Webhook',
      '_latchkey_migrations',
    ]);
  });

  it('create every column of every model in prisma/schema.prisma', async () => {
    const url = await scratchDatabase();
    await migratePostgresql(url, committed());
    const columns = await query<{ table_name: string; column_name: string }>(
      url,
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_latchkey_migrations'",
    );
    const actual = columns.map((column) => `${column.table_name}.${column.column_name}`).sort();
    const expected = Object.entries(getDatamodel().datamodel.models)
      .flatMap(([model, { fields }]) =>
        fields.filter((field) => field.kind !== 'object').map((field) => `${model}.${field.name}`),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it('apply new migrations in name order, each once', async () => {
    const url = await scratchDatabase();
    const folder = migrationsFolder({
      '0002_second.sql': 'CREATE TABLE second (id INTEGER);',
      '0001_first.sql': 'CREATE TABLE first (id INTEGER);',
    });
    expect(await migratePostgresql(url, readMigrations(folder))).toEqual(['0001_first', '0002_second']);
    writeFileSync(path.join(folder, '0003_third.sql'), 'CREATE TABLE third (id INTEGER);');
    expect(await migratePostgresql(url, readMigrations(folder))).toEqual(['0003_third']);
  });

  it('leave nothing of a failing migration behind, and stop before the next', async () => {
    const url = await scratchDatabase();
    const folder = migrationsFolder({
      '0001_good.sql': 'CREATE TABLE good (id INTEGER);',
      '0002_bad.sql': 'CREATE TABLE half (id INTEGER);\nTHIS IS NOT SQL;',
      '0003_after.sql': 'CREATE TABLE after (id INTEGER);',
    });
    await expect(migratePostgresql(url, readMigrations(folder))).rejects.toThrow('syntax error');
    expect(await tableNames(url)).toEqual(['_latchkey_migrations', 'good']);
    expect(await query(url, 'SELECT name FROM "_latchkey_migrations"')).toEqual([{ name: '0001_good' }]);
  });

  it('refuse to run when an applied migration was edited afterwards', async () => {
    const url = await scratchDatabase();
    const folder = migrationsFolder({ '0001_first.sql': 'CREATE TABLE first (id INTEGER);' });
    await migratePostgresql(url, readMigrations(folder));
    writeFileSync(path.join(folder, '0001_first.sql'), 'CREATE TABLE first (id INTEGER, extra TEXT);');
    await expect(migratePostgresql(url, readMigrations(folder))).rejects.toThrow(
      'Migration 0001_first was changed after it was applied',
    );
  });

  it('apply each migration once when replicas start together', async () => {
    const url = await scratchDatabase();
    const runs = await Promise.all([1, 2, 3].map(() => migratePostgresql(url, committed())));
    expect(runs.flat()).toEqual(committed().map((migration) => migration.name));
  });
});
