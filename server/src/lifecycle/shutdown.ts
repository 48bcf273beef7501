import closeWithGrace from 'close-with-grace';
import { db } from '../db.js';
import type { HttpServer } from '../http/http-server.js';
import { endRevocationStreams } from '../http/revocation-stream.js';
import type { InvalidationListener } from '../tokens/invalidation.js';
import { lastUseRecorder } from '../tokens/last-use.js';
import type { Readiness } from './readiness.js';

/** Past the bound, what is left (last-use writes, closing connections) gets this long before the process exits. */
const CLEANUP_GRACE_MS = 5000;

export interface RunningParts {
  http: HttpServer;
  readiness: Readiness;
  sweeper: { stop(): Promise<void> };
  invalidations: InvalidationListener | undefined;
}

/**
 * On SIGTERM or SIGINT: stops accepting connections and ends the revocation streams (their clients reconnect to
 * another replica), lets requests in flight finish for up to `timeoutSeconds`, then stops the sweeper, writes the
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
      logger: { error: (problem) => console.error(problem instanceof Error ? problem.message : String(problem)) },
      onTimeout: () => console.error('Shutdown did not finish its cleanup in time: exiting without it.'),
    },
    async ({ signal }) => {
      console.log(`${signal}: finishing the requests in flight, then exiting.`);
      parts.readiness.shutDown();
      endRevocationStreams();
      const finished = await parts.http.drain(timeoutSeconds * 1000);
      await parts.sweeper.stop();
      await lastUseRecorder.flush();
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
