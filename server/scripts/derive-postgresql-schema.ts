import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '../src/config.js';

/**
 * prisma/schema.prisma is the one data model. Prisma bakes the provider into a generated client, so the
 * PostgreSQL client is generated from a copy that differs only in its provider and output folder.
 */
export const postgresqlSchemaFile = path.join(repositoryRoot, 'server/src/generated/postgresql/schema.prisma');

export function derivePostgresqlSchema(source: string): string {
  const withoutPothos = source.replace(/generator pothos \{[^}]*\}\n*/, '');
  const derived = withoutPothos
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://unused@localhost/unused"')
    .replace(/output\s*=\s*"\.\.\/server\/src\/generated\/prisma"/, 'output          = "../prisma-postgresql"');
  if (derived === withoutPothos || !derived.includes('"../prisma-postgresql"')) {
    throw new Error('prisma/schema.prisma no longer has the shape this script rewrites');
  }
  return `// Generated from prisma/schema.prisma by server/scripts/derive-postgresql-schema.ts. Do not edit.\n${derived}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(path.dirname(postgresqlSchemaFile), { recursive: true });
  writeFileSync(
    postgresqlSchemaFile,
    derivePostgresqlSchema(readFileSync(path.join(repositoryRoot, 'prisma/schema.prisma'), 'utf8')),
  );
}
