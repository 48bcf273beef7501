import { createServer } from 'node:http';
import { securityHeaders, strictTransportSecurity } from '@latchkey/rules';
import { servedOverHttps } from './auth/cookies.js';
import { systemClock } from './clock.js';
import { config } from './config.js';
import { migrateDatabase } from './database/migrations.js';
import { engine, prepareDatabaseConnection } from './db.js';
import { serviceRoutes } from './http/service-routes.js';
import { lazyUiHandler } from './http/ui.js';
import { CatalogueFileError } from './permissions/catalogue.js';
import { operatorCatalogue } from './permissions/operator-catalogue.js';
import { startSweeping } from './security/sweep.js';
import { listenForTokenInvalidations } from './tokens/invalidation.js';
import { lastUseRecorder } from './tokens/last-use.js';
import { createLatchkeyYoga } from './yoga.js';

try {
  operatorCatalogue();
} catch (error) {
  // A bad catalogue is the operator's to fix: say what is wrong, without a stack trace.
  if (!(error instanceof CatalogueFileError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const applied = await migrateDatabase(config.databaseUrl);
if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
await prepareDatabaseConnection();
const invalidations = engine === 'postgresql' ? await listenForTokenInvalidations() : undefined;
const sweeper = startSweeping(systemClock, config.sweepIntervalSeconds * 1000);

const yoga = createLatchkeyYoga();
const serviceRouteFor = serviceRoutes(systemClock);
let ui: ReturnType<typeof lazyUiHandler> = null;
let overHttps = false;

/** The API's path taken as sent (no URL parse on the hot path), else as the URL parser normalises it. */
function isApiRequest(target: string): boolean {
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  return path === yoga.graphqlEndpoint || new URL(target, 'http://localhost').pathname === yoga.graphqlEndpoint;
}

// One origin: the API at /graphql, the settings UI (when built) everywhere else.
const server = createServer((request, response) => {
  const target = request.url ?? '/';
  const serviceRoute = serviceRouteFor(target);
  if (serviceRoute) return serviceRoute(request, response);
  if (!ui || isApiRequest(target)) return yoga(request, response);
  // Static files are served before SvelteKit's hooks run; pages set these (and their CSP) themselves.
  for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
  if (overHttps) response.setHeader('Strict-Transport-Security', strictTransportSecurity);
  ui(request, response, () => response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found'));
});

server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const publicUrl = config.publicUrl ?? `http://${config.host}:${port}`;
  overHttps = servedOverHttps(publicUrl);
  ui = lazyUiHandler(publicUrl);
  console.log(`Latchkey ready at ${publicUrl}${yoga.graphqlEndpoint}${ui ? ` (settings UI at ${publicUrl}/)` : ''}`);
});

async function shutDown() {
  setTimeout(() => process.exit(0), 5000).unref();
  server.close();
  server.closeIdleConnections();
  await sweeper.stop();
  await lastUseRecorder.flush();
  await invalidations?.close();
  process.exit(0);
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
