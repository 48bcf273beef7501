import Database from 'better-sqlite3';
import pg from 'pg';
import { config } from '../config.js';
import { databaseEngine } from '../database/engine.js';
import { sqliteFileFromUrl } from '../database/sqlite-file.js';

export interface StoredToken {
  id: string;
  userId: string;
  scopes: string;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export type FindTokenByDigest = (digest: string) => Promise<StoredToken | null>;

const COLUMNS = '"id", "userId", "scopes", "expiresAt", "revokedAt", "lastUsedAt"';

interface TokenRow {
  id: string;
  userId: string;
  scopes: string;
  expiresAt: string | Date;
  revokedAt: string | Date | null;
  lastUsedAt: string | Date | null;
}

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

function toStoredToken(row: TokenRow | undefined): StoredToken | null {
  if (!row) return null;
  return {
    id: row.id,
    userId: row.userId,
    scopes: row.scopes,
    expiresAt: toDate(row.expiresAt),
    revokedAt: row.revokedAt === null ? null : toDate(row.revokedAt),
    lastUsedAt: row.lastUsedAt === null ? null : toDate(row.lastUsedAt),
  };
}

/**
 * The one query on every authenticated request's path, kept off Prisma: a prepared statement on its own
 * read-only SQLite connection (WAL lets it read beside the writer) or a named prepared statement on a
 * small PostgreSQL pool costs a fraction of a Prisma round trip.
 */
export function createTokenLookup(url = config.databaseUrl): FindTokenByDigest {
  if (databaseEngine(url) === 'postgresql') {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    pool.on('error', () => undefined);
    return async (digest) => {
      const result = await pool.query<TokenRow>({
        name: 'latchkey_token_by_digest',
        text: `SELECT ${COLUMNS} FROM "PersonalAccessToken" WHERE "digest" = $1`,
        values: [digest],
      });
      return toStoredToken(result.rows[0]);
    };
  }
  let statement: Database.Statement<[string], TokenRow> | undefined;
  return async (digest) => {
    if (!statement) {
      const connection = new Database(sqliteFileFromUrl(url), { readonly: true, fileMustExist: true, timeout: 5000 });
      statement = connection.prepare<[string], TokenRow>(
        `SELECT ${COLUMNS} FROM "PersonalAccessToken" WHERE "digest" = ?`,
      );
    }
    return toStoredToken(statement.get(digest));
  };
}
