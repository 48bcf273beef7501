import Database from 'better-sqlite3';
import { inject } from 'vitest';

// Prisma's SQLite adapter stores DateTime columns as text such as 2026-11-28T12:00:05.226+00:00.
export const STORED_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

export function toStoredDate(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

function localTokenId(globalId: string): string {
  const [typename, id] = Buffer.from(globalId, 'base64').toString('utf8').split(':');
  if (typename !== 'PersonalAccessToken' || !id) throw new Error(`Not a token id: ${globalId}`);
  return id;
}

function withDatabase<T>(work: (database: Database.Database) => T): T {
  const database = new Database(inject('databaseFile'));
  try {
    database.pragma('busy_timeout = 5000');
    return work(database);
  } finally {
    database.close();
  }
}

export function storedExpiry(tokenId: string): { value: unknown; type: string } {
  return withDatabase((database) => {
    const row = database
      .prepare<[string], { value: unknown; type: string }>(
        'SELECT expiresAt AS value, typeof(expiresAt) AS type FROM PersonalAccessToken WHERE id = ?',
      )
      .get(localTokenId(tokenId));
    if (!row) throw new Error(`No token ${tokenId} in the database`);
    return row;
  });
}

/** Rewrites a token's expiry in place; do it before the token's first use, the server caches verified tokens. */
export function setStoredExpiry(tokenId: string, expiresAt: Date): void {
  withDatabase((database) => {
    const { changes } = database
      .prepare('UPDATE PersonalAccessToken SET expiresAt = ? WHERE id = ?')
      .run(toStoredDate(expiresAt), localTokenId(tokenId));
    if (changes !== 1) throw new Error(`No token ${tokenId} to update`);
  });
}

/**
 * Rewrites the permission names a token holds, as the server stores them (sorted, space-separated): the way
 * to give a token a name its catalogue no longer declares. Do it before the token's first use, as above.
 */
export function setStoredPermissions(tokenId: string, names: readonly string[]): void {
  withDatabase((database) => {
    const { changes } = database
      .prepare('UPDATE PersonalAccessToken SET permissions = ? WHERE id = ?')
      .run([...names].sort().join(' '), localTokenId(tokenId));
    if (changes !== 1) throw new Error(`No token ${tokenId} to update`);
  });
}
