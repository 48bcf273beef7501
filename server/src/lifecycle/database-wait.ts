import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { logMessage } from '../logging/logger.js';
import { EXIT_UNAVAILABLE, StartFailure } from './start-failure.js';

const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000, 5000];

/** Where the URL points, without its user or password. */
function describeServer(url: string): string {
  const { hostname, port, pathname } = new URL(url);
  return `${hostname || 'localhost'}:${port || 5432}${pathname}`;
}

/** Node reports a refused connection to a name with several addresses as an AggregateError with no message. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message) return error.message;
  if (error instanceof AggregateError) return describeError(error.errors[0]);
  return 'code' in error ? String(error.code) : error.name;
}

async function answers(url: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: Math.max(1, timeoutMs) });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Waits for the PostgreSQL server at `url` to answer, retrying with backoff for up to `waitSeconds` (a database
 * that starts alongside the server is often a moment late); each failed attempt logs one line.
 * Gives up with a StartFailure (exit code 69).
 */
export async function waitForPostgresql(url: string, waitSeconds: number): Promise<void> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (let attempt = 0; ; attempt++) {
    try {
      await answers(url, Math.min(5000, Math.max(1000, deadline - Date.now())));
      if (attempt > 0) logMessage('database_answers', `PostgreSQL at ${describeServer(url)} answers now.`);
      return;
    } catch (error) {
      const wait = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 0;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new StartFailure(
          `PostgreSQL at ${describeServer(url)} is still unreachable after ${waitSeconds} s ` +
            `(LATCHKEY_DATABASE_WAIT_SECONDS): ${describeError(error)}`,
          EXIT_UNAVAILABLE,
        );
      }
      const next = Math.min(wait, remaining);
      logMessage(
        'database_unreachable',
        `PostgreSQL at ${describeServer(url)} is unreachable (${describeError(error)}); retrying in ${next / 1000} s.`,
        { retryInSeconds: next / 1000 },
        'warn',
      );
      await delay(next);
    }
  }
}
