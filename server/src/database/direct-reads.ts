import Database from 'better-sqlite3';
import pg from 'pg';
import { untilTheDatabaseChanges } from '../caches.js';
import { config } from '../config.js';
import { type DatabaseEngine, databaseEngine } from './engine.js';
import { sqliteFileFromUrl } from './sqlite-file.js';

export type SqlParameter = string | number | null;
/** A column's value as read: text, a number, null, or (PostgreSQL timestamps) a `Date`. */
export type SqlValue = string | number | Date | null;

/**
 * Reads on every request's path, kept off Prisma: a Prisma query compiles in WebAssembly and its adapter
 * prepares the statement anew each time, which costs several times the query itself
 * (bench/README.md#what-each-change-bought).
 * Statements here are prepared once per distinct text: on SQLite on a read-only connection of its own (WAL
 * lets it read beside the writer), on PostgreSQL as named statements on a small pool.
 */
export interface DirectReads {
  readonly engine: DatabaseEngine;
  /**
   * Rows of a read-only statement written with `?` placeholders, each as its values in SELECT order:
   * arrays cost the drivers less to build than objects, and callers know their columns.
   */
  rows(sql: string, parameters: SqlParameter[]): Promise<SqlValue[][]>;
  /**
   * Like `rows`, for results that depend on nothing but the database and the parameters. On SQLite a result
   * is kept and served again until any connection, in any process, commits a change (`PRAGMA data_version`),
   * so it is never stale; the rows must not be modified. PostgreSQL always runs the statement.
   */
  unchangedRows(sql: string, parameters: SqlParameter[]): Promise<SqlValue[][]>;
  /** A date as a parameter this engine compares with its DateTime columns. */
  dateParameter(date: Date): string;
  /**
   * SQLite's `PRAGMA data_version`: it moves whenever another connection, in any process, has committed since
   * the last call. Null on PostgreSQL, where NOTIFY tells replicas of changes instead.
   */
  dataVersion(): number | null;
}

/** What a DateTime column reads back as: Prisma's ISO text on SQLite, a `Date` on PostgreSQL. */
export function dateFromColumn(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

type ReadListener = (sql: string) => void;
const readListeners = new Set<ReadListener>();

/** Calls `listener` with every direct read's SQL, as Prisma's query events show its own (tests count both). */
export function onDirectRead(listener: ReadListener): () => void {
  readListeners.add(listener);
  return () => readListeners.delete(listener);
}

function announce(sql: string): void {
  if (readListeners.size > 0) for (const listener of readListeners) listener(sql);
}

// Statement texts vary with what a query selects; past this many, new texts run unprepared rather than
// letting crafted selections grow every connection's prepared statements without bound.
const MAX_PREPARED_STATEMENTS = 200;

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;

/** Prisma writes `TIMESTAMP(3)` columns in UTC; pg would read them in the process's local time zone. */
function readTimestampAsUtc(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}Z`);
}

function postgresqlReads(url: string): DirectReads {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === TIMESTAMP_WITHOUT_TIME_ZONE && format !== 'binary'
          ? readTimestampAsUtc
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', () => undefined);
  const statementNames = new Map<string, { name?: string; text: string }>();
  const statementFor = (sql: string) => {
    let statement = statementNames.get(sql);
    if (!statement) {
      let position = 0;
      const text = sql.replace(/\?/g, () => `$${++position}`);
      if (statementNames.size >= MAX_PREPARED_STATEMENTS) return { text };
      statement = { name: `latchkey_read_${statementNames.size}`, text };
      statementNames.set(sql, statement);
    }
    return statement;
  };
  const rows = async (sql: string, parameters: SqlParameter[]) => {
    announce(sql);
    const result = await pool.query<SqlValue[]>({ ...statementFor(sql), values: parameters, rowMode: 'array' });
    return result.rows;
  };
  return {
    engine: 'postgresql',
    rows,
    // Replicas write to the same database; only a round trip would tell whether anything changed.
    unchangedRows: rows,
    // PostgreSQL reads an ISO string into `timestamp` ignoring its zone, and our timestamps are UTC.
    dateParameter: (date) => date.toISOString(),
    dataVersion: () => null,
  };
}

function sqliteReads(url: string): DirectReads {
  let connection: Database.Database | undefined;
  const statements = new Map<string, Database.Statement<SqlParameter[]>>();
  const open = () => {
    connection ??= new Database(sqliteFileFromUrl(url), { readonly: true, fileMustExist: true, timeout: 5000 });
    return connection;
  };
  const statementFor = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = open().prepare<SqlParameter[]>(sql).raw(true);
      if (statements.size < MAX_PREPARED_STATEMENTS) statements.set(sql, statement);
    }
    return statement;
  };
  const rows = (sql: string, parameters: SqlParameter[]) => {
    announce(sql);
    return statementFor(sql).all(...parameters) as SqlValue[][];
  };
  // Changes whenever another connection (this process's Prisma, another process) has committed since.
  let dataVersionStatement: Database.Statement<[], number> | undefined;
  const dataVersion = () => {
    dataVersionStatement ??= open().prepare<[], number>('PRAGMA data_version').pluck();
    return dataVersionStatement.get() as number;
  };
  let keptAtVersion = -1;
  const kept = untilTheDatabaseChanges<SqlValue[][]>();
  return {
    engine: 'sqlite',
    rows: async (sql, parameters) => rows(sql, parameters),
    dataVersion,
    unchangedRows: async (sql, parameters) => {
      const version = dataVersion();
      if (version !== keptAtVersion) {
        kept.clear();
        keptAtVersion = version;
      }
      const key = `${sql}\u0000${JSON.stringify(parameters)}`;
      let result = kept.get(key);
      if (!result) {
        result = rows(sql, parameters);
        kept.set(key, result);
      }
      return result;
    },
    // The text Prisma's SQLite adapter stores, so that comparisons are plain text comparisons.
    dateParameter: (date) => date.toISOString().replace('Z', '+00:00'),
  };
}

export function createDirectReads(url = config.databaseUrl): DirectReads {
  return databaseEngine(url) === 'postgresql' ? postgresqlReads(url) : sqliteReads(url);
}

/** The process's one set of direct reads, on `DATABASE_URL`. */
export const directReads: DirectReads = createDirectReads();
