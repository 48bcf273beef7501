import { deleteOldActivity } from '../activity/retention.js';
import { deleteExpiredSessions } from '../auth/sessions.js';
import type { Clock } from '../clock.js';
import { logEvent } from '../logging/logger.js';
import { deleteExpiredRateLimitCounters } from './rate-limits.js';

/**
 * Deletes the sessions and rate-limit counters that have expired by `now`, and token activity past its retention;
 * returns how many of each.
 */
export async function sweepExpiredRows(now: Date) {
  const sessions = await deleteExpiredSessions(now);
  const rateLimitCounters = await deleteExpiredRateLimitCounters(now);
  const activity = await deleteOldActivity(now);
  return { sessions, rateLimitCounters, ...activity };
}

/**
 * Sweeps every `intervalMs` until stopped. Each sweep is conditional deletes only, so every replica may run
 * its own; the timer never keeps the process alive.
 */
export function startSweeping(clock: Clock, intervalMs: number) {
  let sweeping: Promise<void> | undefined;
  const timer = setInterval(() => {
    sweeping ??= sweepExpiredRows(clock.now())
      .then(
        () => undefined,
        (error: unknown) =>
          logEvent('sweep_failed', { error: error instanceof Error ? error.message : String(error) }, 'error'),
      )
      .finally(() => {
        sweeping = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await sweeping;
    },
  };
}
