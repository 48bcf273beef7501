import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repositoryRoot } from '../src/config.js';
import { migrationsDirectory } from '../src/database/migration-files.js';
import { derivePostgresqlSchema } from './derive-postgresql-schema.js';

/**
 * Writes the SQL that takes the last committed prisma/schema.prisma to the working copy, for both
 * engines, as the next numbered migration: `npm run db:new-migration -w @latchkey/server -- add_thing`.
 */
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:new-migration -w @latchkey/server -- <name_in_snake_case>');
  process.exit(2);
}

const scratch = mkdtempSync(path.join(tmpdir(), 'latchkey-migration-'));
const committed = execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { cwd: repositoryRoot, encoding: 'utf8' });
const current = readFileSync(path.join(repositoryRoot, 'prisma/schema.prisma'), 'utf8');
const schemas = {
  sqlite: [committed, current],
  postgresql: [derivePostgresqlSchema(committed), derivePostgresqlSchema(current)],
} as const;

for (const [engine, [before, after]] of Object.entries(schemas)) {
  const from = path.join(scratch, `${engine}-before.prisma`);
  const to = path.join(scratch, `${engine}-after.prisma`);
  writeFileSync(from, before);
  writeFileSync(to, after);
  const sql = execFileSync(
    'npx',
    ['prisma', 'migrate', 'diff', '--from-schema-datamodel', from, '--to-schema-datamodel', to, '--script'],
    {
      cwd: path.join(repositoryRoot, 'server'),
      env: { ...process.env, DATABASE_URL: `file:${path.join(scratch, 'unused.db')}`, CHECKPOINT_DISABLE: '1' },
      encoding: 'utf8',
    },
  );
  const directory = migrationsDirectory(engine as 'sqlite' | 'postgresql');
  const next = readdirSync(directory).filter((file) => file.endsWith('.sql')).length + 1;
  const file = path.join(directory, `${String(next).padStart(4, '0')}_${name}.sql`);
  writeFileSync(file, sql);
  console.log(`Wrote ${path.relative(repositoryRoot, file)}`);
}
