import type { Server } from 'node:http';
import closeWithGrace from 'close-with-grace';
import { activityRecorder } from '../activity/recorder.js';
import { db } from '../db.js';
import type { HttpServer } from '../http/http-server.js';
import { endRevocationStreams } from '../http/revocation-stream.js';
import { logMessage } from '../logging/logger.js';
import type { InvalidationListener } from '../tokens/invalidation.js';
import { lastUseRecorder } from '../tokens/last-use.js';
import { refusedAddressRecorder } from '../tokens/refused-addresses.js';
import { usageLimits } from '../tokens/usage-limits.js';
import type { Readiness } from './readiness.js';

/** Past the bound, what is left (last-use writes, closing connections) gets this long before the process exits. */
const CLEANUP_GRACE_MS = 5000;

export interface RunningParts {
  http: HttpServer;
  readiness: Readiness;
  sweeper: { stop(): Promise<void> };
  /** Stopped before the database closes: a send in flight still records its outcome. */
  notifications: { stop(): Promise<void> };
  invalidations: InvalidationListener | undefined;
  /** Closed once the requests are finished, so that a last scrape can count them. */
  metricsServer: Server | null;
  stopTracing(): Promise<void>;
}

function closeMetricsServer(server: Server | null): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * On SIGTERM or SIGINT: stops accepting connections and ends the revocation streams (their clients reconnect to
 * another replica), lets requests in flight finish for up to `timeoutSeconds`, then stops the sweeper and the
 * notification worker (letting its sends in flight finish), writes the
 * batched last uses and closes the database connections. Exits 0, or 1 when requests had to be cut. A second
 * signal exits at once. Crashes are not handled here: a process in an unknown state should not keep serving.
 */
export function shutDownOnSignal(parts: RunningParts, timeoutSeconds: number): void {
  closeWithGrace(
    {
      delay: timeoutSeconds * 1000 + CLEANUP_GRACE_MS,
      skip: [
        'SIGHUP',
        'SIGQUIT',
        'SIGILL',
        'SIGTRAP',
        'SIGABRT',
        'SIGBUS',
        'SIGFPE',
        'SIGSEGV',
        'SIGUSR2',
        'uncaughtException',
        'unhandledRejection',
        'beforeExit',
      ],
      logger: {
        error: (problem) =>
          logMessage('shutdown_failed', problem instanceof Error ? problem.message : String(problem), {}, 'error'),
      },
      onTimeout: () =>
        logMessage(
          'shutdown_timed_out',
          'Shutdown did not finish its cleanup in time: exiting without it.',
          {},
          'error',
        ),
    },
    async ({ signal }) => {
      logMessage('shutdown_started', `${signal}: finishing the requests in flight, then exiting.`, { signal });
      parts.readiness.shutDown();
      endRevocationStreams();
      const finished = await parts.http.drain(timeoutSeconds * 1000);
      await closeMetricsServer(parts.metricsServer);
      await parts.stopTracing();
      await parts.sweeper.stop();
      await parts.notifications.stop();
      await lastUseRecorder.flush();
      await refusedAddressRecorder.flush();
      await activityRecorder.flush();
      await usageLimits.close();
      await parts.invalidations?.close();
      await db.$disconnect();
      if (!finished) {
        throw new Error(
          `Requests were still in flight after LATCHKEY_SHUTDOWN_TIMEOUT_SECONDS (${timeoutSeconds} s): their connections were cut.`,
        );
      }
    },
  );
}
