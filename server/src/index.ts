import { createServer } from 'node:http';
import { config } from './config.js';
import { migrateDatabase } from './database/migrations.js';
import { engine, prepareDatabaseConnection } from './db.js';
import { loadUiHandler } from './http/ui.js';
import { listenForTokenInvalidations } from './tokens/invalidation.js';
import { lastUseRecorder } from './tokens/last-use.js';
import { createLatchkeyYoga } from './yoga.js';

const applied = await migrateDatabase(config.databaseUrl);
if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
await prepareDatabaseConnection();
const invalidations = engine === 'postgresql' ? await listenForTokenInvalidations() : undefined;

const yoga = createLatchkeyYoga();
let ui: Awaited<ReturnType<typeof loadUiHandler>> = null;

// One origin: the API at /graphql, the settings UI (when built) everywhere else.
const server = createServer((request, response) => {
  const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (pathname === yoga.graphqlEndpoint || !ui) return yoga(request, response);
  // Static files are served before SvelteKit's hooks run; pages set these (and their CSP) themselves.
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  ui(request, response, () => response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found'));
});

server.listen(config.port, config.host, async () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const publicUrl = config.publicUrl ?? `http://${config.host}:${port}`;
  ui = await loadUiHandler(publicUrl);
  console.log(`Latchkey ready at ${publicUrl}${yoga.graphqlEndpoint}${ui ? ` (settings UI at ${publicUrl}/)` : ''}`);
});

async function shutDown() {
  setTimeout(() => process.exit(0), 5000).unref();
  server.close();
  server.closeIdleConnections();
  await lastUseRecorder.flush();
  await invalidations?.close();
  process.exit(0);
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
