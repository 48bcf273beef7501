import type { AddressInfo } from 'node:net';
import { createVerifier, type VerifierEvent } from '@latchkey/verify';
import { config } from './config.js';
import { createReportsServer } from './server.js';

function logLine(event: VerifierEvent): string | null {
  switch (event.type) {
    case 'stream_ready':
      return 'revocation stream ready';
    case 'stream_lost':
      return `revocation stream lost: ${event.reason}`;
    case 'grace_over':
      return 'grace period over: asking Latchkey on every request until the stream is back';
    case 'introspection_failed':
      return `could not ask Latchkey: ${event.reason}`;
    case 'token_invalidated':
      return null;
  }
}

const verifier = createVerifier({
  url: config.latchkeyUrl,
  serviceId: config.serviceId,
  serviceKey: config.serviceKey,
  disconnectedGraceMs: config.disconnectedGraceMs,
  onEvent: (event) => {
    const line = logLine(event);
    if (line) console.log(line);
  },
});

const server = createReportsServer(verifier);
server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Reports API ready at http://${config.host}:${port}/graphql (tokens checked by ${config.latchkeyUrl})`);
});

async function shutDown() {
  server.close();
  server.closeIdleConnections();
  await verifier.close();
  process.exit(0);
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
