import { createServer } from 'node:http';
import { config } from './config.js';
import { migrateDatabase } from './database/migrations.js';
import { engine, prepareDatabaseConnection } from './db.js';
import { listenForTokenInvalidations } from './tokens/invalidation.js';
import { createLatchkeyYoga } from './yoga.js';

const applied = await migrateDatabase(config.databaseUrl);
if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
await prepareDatabaseConnection();
const invalidations = engine === 'postgresql' ? await listenForTokenInvalidations() : undefined;

const yoga = createLatchkeyYoga();
const server = createServer(yoga);
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`Latchkey ready at http://${config.host}:${port}${yoga.graphqlEndpoint}`);
});

function shutDown() {
  void invalidations?.close();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
