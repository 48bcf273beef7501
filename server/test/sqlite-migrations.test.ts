import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../src/config.js';
import { migrationsDirectory, readMigrations } from '../src/database/migration-files.js';
import { migrateSqlite } from '../src/database/sqlite-migrations.js';

const committed = () => readMigrations(migrationsDirectory('sqlite'));

function scratch() {
  const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-migrations-'));
  return { directory, file: path.join(directory, 'nested', 'latchkey.db') };
}

function tables(file: string): string[] {
  const connection = new Database(file, { readonly: true });
  try {
    return connection
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => row.name);
  } finally {
    connection.close();
  }
}

describe('SQLite migrations', () => {
  it('create a fresh database, folder included, with every committed migration', () => {
    const { file } = scratch();
    const applied = migrateSqlite(file, committed());
    expect(applied).toEqual(committed().map((migration) => migration.name));
    expect(tables(file)).toEqual([
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

  it('do nothing when run again', () => {
    const { file } = scratch();
    migrateSqlite(file, committed());
    expect(migrateSqlite(file, committed())).toEqual([]);
  });

  it('put the database in WAL mode', () => {
    const { file } = scratch();
    migrateSqlite(file, committed());
    const connection = new Database(file);
    expect(connection.pragma('journal_mode', { simple: true })).toBe('wal');
    connection.close();
  });

  it('apply new migrations in name order, each once', () => {
    const { directory } = scratch();
    const migrations = path.join(directory, 'migrations');
    const file = path.join(directory, 'db.sqlite');
    mkdirSync(migrations);
    writeFileSync(path.join(migrations, '0002_second.sql'), 'CREATE TABLE second (id INTEGER);');
    writeFileSync(path.join(migrations, '0001_first.sql'), 'CREATE TABLE first (id INTEGER);');
    expect(migrateSqlite(file, readMigrations(migrations))).toEqual(['0001_first', '0002_second']);
    writeFileSync(path.join(migrations, '0003_third.sql'), 'CREATE TABLE third (id INTEGER);');
    expect(migrateSqlite(file, readMigrations(migrations))).toEqual(['0003_third']);
  });

  it('leave nothing of a failing migration behind, and stop before the next', () => {
    const { directory } = scratch();
    const migrations = path.join(directory, 'migrations');
    const file = path.join(directory, 'db.sqlite');
    mkdirSync(migrations);
    writeFileSync(path.join(migrations, '0001_good.sql'), 'CREATE TABLE good (id INTEGER);');
    writeFileSync(path.join(migrations, '0002_bad.sql'), 'CREATE TABLE half (id INTEGER);\nTHIS IS NOT SQL;');
    writeFileSync(path.join(migrations, '0003_after.sql'), 'CREATE TABLE after (id INTEGER);');
    expect(() => migrateSqlite(file, readMigrations(migrations))).toThrow();
    expect(tables(file)).toEqual(['_latchkey_migrations', 'good']);
    const connection = new Database(file, { readonly: true });
    expect(connection.prepare('SELECT name FROM _latchkey_migrations').all()).toEqual([{ name: '0001_good' }]);
    connection.close();
  });

  it('refuse to run when an applied migration was edited afterwards', () => {
    const { directory } = scratch();
    const migrations = path.join(directory, 'migrations');
    const file = path.join(directory, 'db.sqlite');
    mkdirSync(migrations);
    writeFileSync(path.join(migrations, '0001_first.sql'), 'CREATE TABLE first (id INTEGER);');
    migrateSqlite(file, readMigrations(migrations));
    writeFileSync(path.join(migrations, '0001_first.sql'), 'CREATE TABLE first (id INTEGER, extra TEXT);');
    expect(() => migrateSqlite(file, readMigrations(migrations))).toThrow(
      'Migration 0001_first was changed after it was applied',
    );
  });
});

describe('the committed SQLite migrations', () => {
  it('build exactly the tables and indexes that prisma/schema.prisma describes', async () => {
    const { directory, file } = scratch();
    migrateSqlite(file, committed());
    const pushed = path.join(directory, 'pushed.db');
    await prismaDbPush(pushed);
    expect(schemaOf(file)).toEqual(schemaOf(pushed));
  });
});

/**
 * `prisma db push` into a scratch file. The CLI sometimes lingers after finishing (a background check
 * that cannot reach the internet here), so it is stopped as soon as it reports success.
 */
function prismaDbPush(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['prisma', 'db', 'push', '--skip-generate'], {
      cwd: path.join(repositoryRoot, 'server'),
      env: { ...process.env, DATABASE_URL: `file:${file}`, CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('now in sync with your Prisma schema')) {
        child.kill();
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`prisma db push failed:\n${output}`))));
  });
}

function schemaOf(file: string) {
  const connection = new Database(file, { readonly: true });
  try {
    return (
      connection
        .prepare(
          "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_latchkey_%' ORDER BY name",
        )
        .all()
        // SQLite keeps an added column's text as ALTER TABLE wrote it; only the layout differs from a fresh CREATE.
        .map((row) => {
          const entry = row as { type: string; name: string; sql: string | null };
          return {
            ...entry,
            sql:
              entry.sql
                ?.replace(/\s+/g, ' ')
                .replace(/\( /g, '(')
                .replace(/ ([,)])/g, '$1') ?? null,
          };
        })
    );
  } finally {
    connection.close();
  }
}
