import type { Server } from 'node:http';
import { systemClock } from '../clock.js';
import { config } from '../config.js';
import { migrateDatabase } from '../database/migrations.js';
import { engine, prepareDatabaseConnection } from '../db.js';
import { createHttpServer } from '../http/http-server.js';
import { CatalogueFileError } from '../permissions/catalogue.js';
import { operatorCatalogue } from '../permissions/operator-catalogue.js';
import { startSweeping } from '../security/sweep.js';
import { listenForTokenInvalidations } from '../tokens/invalidation.js';
import { waitForPostgresql } from './database-wait.js';
import { createReadiness } from './readiness.js';
import { shutDownOnSignal } from './shutdown.js';
import { EXIT_CONFIGURATION, EXIT_UNAVAILABLE, StartFailure } from './start-failure.js';

/** The one line for a listen error the operator can fix, or undefined. */
function listenFailure(error: NodeJS.ErrnoException, port: number, host: string): string | undefined {
  const where = `port ${port} on ${host}`;
  if (error.code === 'EADDRINUSE') return `Cannot listen: ${where} is already in use (set PORT or HOST to another).`;
  if (error.code === 'EACCES') return `Cannot listen: ${where} needs privileges this process does not have.`;
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return `Cannot listen: ${host} is not an address of this machine (HOST).`;
  }
  return undefined;
}

/** Listens, or fails with one line: a taken port is the operator's to free, not a stack trace. */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const failure = listenFailure(error, port, host);
      reject(failure ? new StartFailure(failure, EXIT_UNAVAILABLE) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** A catalogue file that cannot be used is a configuration error: its message, exit code 78. */
function loadCatalogue(): void {
  try {
    operatorCatalogue();
  } catch (error) {
    if (error instanceof CatalogueFileError) throw new StartFailure(error.message, EXIT_CONFIGURATION);
    throw error;
  }
}

/**
 * Starts the server: reads the catalogue, waits for PostgreSQL, migrates, listens for other replicas' token
 * changes, sweeps, serves; and shuts down without losing a request on SIGTERM or SIGINT.
 */
export async function startLatchkey(): Promise<void> {
  loadCatalogue();
  if (engine === 'postgresql') await waitForPostgresql(config.databaseUrl, config.databaseWaitSeconds);
  const applied = await migrateDatabase(config.databaseUrl);
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
  await prepareDatabaseConnection();
  const invalidations = engine === 'postgresql' ? await listenForTokenInvalidations() : undefined;
  const sweeper = startSweeping(systemClock, config.sweepIntervalSeconds * 1000);
  const readiness = createReadiness({ listener: invalidations });
  const http = createHttpServer(systemClock, readiness);

  await listen(http.server, config.port, config.host);
  shutDownOnSignal({ http, readiness, sweeper, invalidations }, config.shutdownTimeoutSeconds);
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const publicUrl = config.publicUrl ?? `http://${config.host}:${port}`;
  const withUi = http.serveUi(publicUrl);
  console.log(
    `Latchkey ready at ${publicUrl}${http.graphqlEndpoint}${withUi ? ` (settings UI at ${publicUrl}/)` : ''}`,
  );
}
