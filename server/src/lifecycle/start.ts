import type { Server } from 'node:http';
import { systemClock } from '../clock.js';
import { config } from '../config.js';
import { migrateDatabase } from '../database/migrations.js';
import { engine, prepareDatabaseConnection } from '../db.js';
import { createHttpServer } from '../http/http-server.js';
import { logMessage } from '../logging/logger.js';
import { METRICS_PATH } from '../metrics/server.js';
import { NotificationWorker } from '../notifications/worker.js';
import { CatalogueFileError } from '../permissions/catalogue.js';
import { operatorCatalogue } from '../permissions/operator-catalogue.js';
import { startSweeping } from '../security/sweep.js';
import { listenForTokenInvalidations } from '../tokens/invalidation.js';
import { waitForPostgresql } from './database-wait.js';
import { loadInstrumentation } from './instrumentation.js';
import { createReadiness } from './readiness.js';
import { shutDownOnSignal } from './shutdown.js';
import { EXIT_CONFIGURATION, EXIT_UNAVAILABLE, StartFailure } from './start-failure.js';

/** The one line for a listen error the operator can fix, or undefined. */
function listenFailure(
  error: NodeJS.ErrnoException,
  port: number,
  host: string,
  [portVariable, hostVariable]: readonly [string, string],
): string | undefined {
  const where = `port ${port} on ${host}`;
  if (error.code === 'EADDRINUSE') {
    return `Cannot listen: ${where} is already in use (set ${portVariable} or ${hostVariable} to another).`;
  }
  if (error.code === 'EACCES') return `Cannot listen: ${where} needs privileges this process does not have.`;
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return `Cannot listen: ${host} is not an address of this machine (${hostVariable}).`;
  }
  return undefined;
}

/** Listens, or fails with one line: a taken port is the operator's to free, not a stack trace. */
function listen(
  server: Server,
  port: number,
  host: string,
  variables: readonly [string, string] = ['PORT', 'HOST'],
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const failure = listenFailure(error, port, host, variables);
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
 * changes, sweeps, serves, sends notifications; and shuts down without losing a request on SIGTERM or SIGINT.
 */
export async function startLatchkey(): Promise<void> {
  loadCatalogue();
  if (engine === 'postgresql') await waitForPostgresql(config.databaseUrl, config.databaseWaitSeconds);
  const applied = await migrateDatabase(config.databaseUrl);
  if (applied.length > 0) {
    logMessage('migrations_applied', `Applied migrations: ${applied.join(', ')}`, { migrations: applied });
  }
  await prepareDatabaseConnection();
  const invalidations = engine === 'postgresql' ? await listenForTokenInvalidations() : undefined;
  const sweeper = startSweeping(systemClock, config.sweepIntervalSeconds * 1000);
  const readiness = createReadiness({ listener: invalidations });
  const instrumentation = await loadInstrumentation(config);
  const http = createHttpServer(systemClock, readiness, instrumentation.plugins, instrumentation.timeRequest);

  const { metricsServer } = instrumentation;
  if (metricsServer && config.metrics.port !== null) {
    await listen(metricsServer, config.metrics.port, config.metrics.host, [
      'LATCHKEY_METRICS_PORT',
      'LATCHKEY_METRICS_HOST',
    ]);
    const metricsAddress = metricsServer.address();
    const metricsPort =
      typeof metricsAddress === 'object' && metricsAddress ? metricsAddress.port : config.metrics.port;
    const metricsUrl = `http://${config.metrics.host}:${metricsPort}${METRICS_PATH}`;
    logMessage('metrics_ready', `Metrics at ${metricsUrl}`, { url: metricsUrl });
  }
  await listen(http.server, config.port, config.host);
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const publicUrl = config.publicUrl ?? `http://${config.host}:${port}`;
  const notifications = new NotificationWorker({
    clock: systemClock,
    publicUrl,
    mail: config.smtpUrl && config.mailFrom ? { smtpUrl: config.smtpUrl, from: config.mailFrom } : null,
    allowHttpWebhooks: config.allowHttpWebhooks,
    policies: operatorCatalogue().policies,
  }).start();
  shutDownOnSignal(
    { http, readiness, sweeper, notifications, invalidations, metricsServer, stopTracing: instrumentation.stopTracing },
    config.shutdownTimeoutSeconds,
  );
  const withUi = http.serveUi(publicUrl);
  const apiUrl = `${publicUrl}${http.graphqlEndpoint}`;
  logMessage('ready', `Latchkey ready at ${apiUrl}${withUi ? ` (settings UI at ${publicUrl}/)` : ''}`, {
    url: apiUrl,
    ui: withUi,
  });
}
