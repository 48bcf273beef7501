import { migrationsDirectory, readMigrations } from '../database/migration-files.js';
import { db, engine } from '../db.js';
import { logEvent } from '../logging/logger.js';
import type { InvalidationListener } from '../tokens/invalidation.js';

export type ReadinessResult = { ready: true } | { ready: false; reason: string };

export interface ReadinessOptions {
  /** On PostgreSQL, the listener that keeps this replica's token cache honest. */
  listener?: Pick<InvalidationListener, 'pid'>;
  /** The names of the migrations applied to the database; the query doubles as the database's liveness check. */
  appliedMigrations?: () => Promise<string[]>;
  /** The migrations this build needs. */
  expectedMigrations?: string[];
  /** How long the database may take to answer before the replica counts as not ready. */
  timeoutMs?: number;
}

async function appliedMigrationNames(): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ name: string }[]>('SELECT name FROM "_latchkey_migrations"');
  return rows.map((row) => row.name);
}

function withinTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Whether this replica should get traffic: its database answers, every migration it needs is applied, and on
 * PostgreSQL it hears other replicas' revocations. Probes arriving together share one database query. The
 * reasons are public (`/readyz`), so they name the failing part only; details go to the log.
 */
export function createReadiness(options: ReadinessOptions = {}) {
  const appliedMigrations = options.appliedMigrations ?? appliedMigrationNames;
  const expectedMigrations =
    options.expectedMigrations ?? readMigrations(migrationsDirectory(engine)).map((m) => m.name);
  const timeoutMs = options.timeoutMs ?? 2000;
  let shuttingDown = false;
  let checking: Promise<ReadinessResult> | undefined;

  async function check(): Promise<ReadinessResult> {
    let applied: string[];
    try {
      applied = await withinTimeout(appliedMigrations(), timeoutMs);
    } catch (error) {
      logEvent(
        'readiness_database_unreachable',
        { error: error instanceof Error ? error.message : String(error) },
        'warn',
      );
      return { ready: false, reason: 'the database does not answer' };
    }
    const appliedNames = new Set(applied);
    const pending = expectedMigrations.filter((name) => !appliedNames.has(name));
    if (pending.length > 0) return { ready: false, reason: `${pending.length} migration(s) not applied` };
    if (options.listener && options.listener.pid() === null) {
      return { ready: false, reason: 'not listening for token revocations from other replicas' };
    }
    return { ready: true };
  }

  return {
    async check(): Promise<ReadinessResult> {
      if (shuttingDown) return { ready: false, reason: 'shutting down' };
      checking ??= check().finally(() => {
        checking = undefined;
      });
      return checking;
    },
    /** From now on the replica is not ready: it is finishing its requests before it exits. */
    shutDown(): void {
      shuttingDown = true;
    },
  };
}

export type Readiness = ReturnType<typeof createReadiness>;
