export type DatabaseEngine = 'sqlite' | 'postgresql';

export function databaseEngine(url: string): DatabaseEngine {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  if (url.startsWith('file:')) return 'sqlite';
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got ${url.split(':')[0]}:…`,
  );
}
