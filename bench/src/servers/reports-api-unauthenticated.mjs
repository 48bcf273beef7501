// Scenario 10b's baseline: examples/reports-api without authentication at all. The same schema, resolvers and
// Yoga options from the example's build, but no verifier and no plugin: every request's context holds one fixed
// principal that nobody checked (the example itself cannot start without a Latchkey to verify against).
import { createServer } from 'node:http';
import { createYoga } from 'graphql-yoga';
import { Reports } from '../../../examples/reports-api/dist/reports.js';
import { reportsSchema } from '../../../examples/reports-api/dist/schema.js';

const UNCHECKED_PRINCIPAL = Object.freeze({
  userId: 'unauthenticated',
  tokenId: 'unauthenticated',
  permissions: Object.freeze(['reports:read', 'reports:write']),
  expiresAt: new Date(8.64e15),
});

const yoga = createYoga({
  schema: reportsSchema(new Reports()),
  context: { latchkey: UNCHECKED_PRINCIPAL },
  graphiql: false,
  logging: false,
});

const server = createServer(yoga);
const host = process.env.HOST ?? '127.0.0.1';
server.listen(Number(process.env.PORT ?? 0), host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : process.env.PORT;
  console.log(`Reports API (no authentication) ready at http://${host}:${port}${yoga.graphqlEndpoint}`);
});

function shutDown() {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
