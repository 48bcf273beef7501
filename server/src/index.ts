import { createServer } from 'node:http';
import { config } from './config.js';
import { migrateSqlite } from './database/migrate.js';
import { sqliteFileFromUrl } from './database/sqlite-file.js';
import { prepareDatabaseConnection } from './db.js';
import { createLatchkeyYoga } from './yoga.js';

const applied = migrateSqlite(sqliteFileFromUrl(config.databaseUrl));
if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
await prepareDatabaseConnection();

const yoga = createLatchkeyYoga();
const server = createServer(yoga);
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`Latchkey ready at http://${config.host}:${port}${yoga.graphqlEndpoint}`);
});

function shutDown() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
