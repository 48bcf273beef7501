import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * The administrators' inventory's data set (bench/src/inventory.ts): `tokens` rows across `accounts` accounts, made
 * by the database itself in one statement (a recursive CTE on SQLite, generate_series on PostgreSQL). Token `i`:
 * - owner `inventory-(i mod accounts)@bench.invalid`, created `i × 63` s before `now` (two years for a million);
 * - permissions by `i mod 4`: `tokens:read` | `audit:read profile:read` | `reports:read tokens:read` |
 *   `notifications:read tokens:write`, and `reports:write` too when `i mod 20000 = 11` (50 of a million), each
 *   also a TokenPermission row as the server writes them;
 * - lifetime by `i mod 7`: 30, 30, 90, 90, 90, 365, 365 days, so about half have expired;
 * - revoked (OWNER) a day after creation when `i mod 10 = 3`; pending approval when `i mod 1000 = 7`;
 * - never used when `i mod 3 = 0`, used an hour after creation when 1, `i mod 60` days after (at most `now`) when 2;
 * - created from `10.x.y.z` for `i mod 50000`: twenty tokens an address.
 * Ids are well formed and in creation order; digests are unique but are no token's: nobody authenticates with these.
 */
export interface InventorySeed {
  tokens: number;
  accounts: number;
  now: Date;
}

export const inventoryOwner = (account: number) => `inventory-${account}@bench.invalid`;
export const inventoryAddress = (index: number) => {
  const slot = index % 50_000;
  return `10.${Math.floor(slot / 65_536)}.${Math.floor(slot / 256) % 256}.${index % 256}`;
};

const PERMISSIONS_BY_REMAINDER = `CASE i % 4 WHEN 0 THEN 'tokens:read' WHEN 1 THEN 'audit:read profile:read'
  WHEN 2 THEN 'reports:read tokens:read'
  ELSE 'notifications:read ' || CASE WHEN i % 20000 = 11 THEN 'reports:write ' ELSE '' END || 'tokens:write' END`;

/** The seeded tokens' TokenPermission rows, split from their `permissions` as migration 0013 does. */
const SQLITE_PERMISSION_ROWS = `INSERT INTO "TokenPermission" ("tokenId", "permission", "prefix")
  WITH RECURSIVE "split" ("tokenId", "permission", "rest") AS (
    SELECT "id", '', "permissions" || ' ' FROM "PersonalAccessToken" WHERE "name" LIKE 'inventory-%'
    UNION ALL
    SELECT "tokenId", substr("rest", 1, instr("rest", ' ') - 1), substr("rest", instr("rest", ' ') + 1)
    FROM "split" WHERE "rest" <> ''
  )
  SELECT "tokenId", "permission", substr("permission", 1, instr("permission", ':') - 1)
  FROM "split" WHERE "permission" <> ''`;
const POSTGRESQL_PERMISSION_ROWS = `INSERT INTO "TokenPermission" ("tokenId", "permission", "prefix")
  SELECT "id", "permission", split_part("permission", ':', 1)
  FROM "PersonalAccessToken", unnest(string_to_array("permissions", ' ')) AS "permission"
  WHERE "name" LIKE 'inventory-%'`;
const LIFETIME_DAYS = 'CASE WHEN i % 7 < 2 THEN 30 WHEN i % 7 < 5 THEN 90 ELSE 365 END';

export function seedInventorySqlite(databaseFile: string, seed: InventorySeed): number {
  const startedAt = performance.now();
  const connection = new Database(databaseFile);
  connection.pragma('cache_size = -524288');
  const now = seed.now.toISOString();
  const date = (base: string, modifier: string) => `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${base}, ${modifier})`;
  try {
    connection.transaction(() => {
      connection
        .prepare(
          `WITH RECURSIVE n(a) AS (SELECT 0 UNION ALL SELECT a + 1 FROM n WHERE a + 1 < @accounts)
           INSERT INTO "User" (id, email, passwordHash, createdAt)
           SELECT 'u' || printf('%028d', a), 'inventory-' || a || '@bench.invalid', 'seeded', @created FROM n`,
        )
        .run({ accounts: seed.accounts, created: now.replace('Z', '+00:00') });
      connection
        .prepare(
          `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @tokens),
           t AS (SELECT i, ${date('@now', "'-' || (i * 63) || ' seconds'")} AS created FROM n)
           INSERT INTO "PersonalAccessToken" (id, userId, name, nameKey, digest, hint, permissions, createdAt, expiresAt,
             revokedAt, revocationReason, lastUsedAt, lastUsedIp, lastUsedService, pendingApprovalSince,
             createdFromAddress)
           SELECT printf('%013d%016x', i, i), 'u' || printf('%028d', i % @accounts), 'inventory-' || i,
             'inventory-' || i, printf('%064x', i), 'lkpat_…' || printf('%04d', i % 10000),
             ${PERMISSIONS_BY_REMAINDER}, created, ${date('created', `'+' || (${LIFETIME_DAYS}) || ' days'`)},
             CASE WHEN i % 10 = 3 THEN ${date('created', "'+1 days'")} END,
             CASE WHEN i % 10 = 3 THEN 'OWNER' END,
             CASE i % 3 WHEN 0 THEN NULL WHEN 1 THEN ${date('created', "'+1 hours'")}
               ELSE min(${date('created', "'+' || (i % 60) || ' days'")}, @nowText) END,
             CASE WHEN i % 3 > 0 THEN '192.0.2.' || (i % 256) END,
             CASE WHEN i % 3 > 0 THEN 'latchkey' END,
             CASE WHEN i % 1000 = 7 THEN created END,
             '10.' || ((i % 50000) / 65536) || '.' || ((i % 50000) / 256 % 256) || '.' || (i % 256)
           FROM t`,
        )
        .run({ tokens: seed.tokens, accounts: seed.accounts, now, nowText: now.replace('Z', '+00:00') });
      connection.prepare(SQLITE_PERMISSION_ROWS).run();
    })();
  } finally {
    connection.close();
  }
  return (performance.now() - startedAt) / 1000;
}

export async function seedInventoryPostgresql(url: string, seed: InventorySeed): Promise<number> {
  const startedAt = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Prisma's TIMESTAMP(3) columns hold UTC without a zone.
  const now = seed.now.toISOString().replace('T', ' ').replace('Z', '');
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO "User" (id, email, "passwordHash", "createdAt")
       SELECT 'u' || lpad(a::text, 28, '0'), 'inventory-' || a || '@bench.invalid', 'seeded', $2::timestamp
       FROM generate_series(0, $1 - 1) AS a`,
      [seed.accounts, now],
    );
    await client.query(
      `INSERT INTO "PersonalAccessToken" (id, "userId", name, "nameKey", digest, hint, permissions, "createdAt",
         "expiresAt", "revokedAt", "revocationReason", "lastUsedAt", "lastUsedIp", "lastUsedService",
         "pendingApprovalSince", "createdFromAddress")
       SELECT lpad(i::text, 13, '0') || lpad(to_hex(i), 16, '0'), 'u' || lpad((i % $2)::text, 28, '0'),
         'inventory-' || i, 'inventory-' || i, lpad(to_hex(i), 64, '0'), 'lkpat_…' || lpad((i % 10000)::text, 4, '0'),
         ${PERMISSIONS_BY_REMAINDER}, created, created + make_interval(days => ${LIFETIME_DAYS}),
         CASE WHEN i % 10 = 3 THEN created + interval '1 day' END,
         CASE WHEN i % 10 = 3 THEN 'OWNER'::"RevocationReason" END,
         CASE i % 3 WHEN 0 THEN NULL WHEN 1 THEN created + interval '1 hour'
           ELSE least(created + make_interval(days => i % 60), $3::timestamp) END,
         CASE WHEN i % 3 > 0 THEN '192.0.2.' || (i % 256) END,
         CASE WHEN i % 3 > 0 THEN 'latchkey' END,
         CASE WHEN i % 1000 = 7 THEN created END,
         '10.' || ((i % 50000) / 65536) || '.' || ((i % 50000) / 256 % 256) || '.' || (i % 256)
       FROM (SELECT i, $3::timestamp - make_interval(secs => i * 63) AS created
             FROM generate_series(0, $1 - 1) AS i) AS t`,
      [seed.tokens, seed.accounts, now],
    );
    await client.query(POSTGRESQL_PERMISSION_ROWS);
    await client.query('COMMIT');
    // What autovacuum would have done by the time an administrator looks at a table this size.
    await client.query('ANALYZE "PersonalAccessToken"');
    await client.query('ANALYZE "User"');
    // An insert-only table is vacuumed by autovacuum too (PostgreSQL 13+), which lets the inventory count a
    // permission's holders from the index alone.
    await client.query('VACUUM ANALYZE "TokenPermission"');
  } finally {
    await client.end();
  }
  return (performance.now() - startedAt) / 1000;
}
