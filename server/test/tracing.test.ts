import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from './support/database.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';

// A real server process exporting to an OTLP/HTTP collector in this process. Span names and attribute values are
// plain UTF-8 in both of OTLP's encodings (JSON, protobuf), so a received batch is searched as text.

interface ReceivedExport {
  path: string;
  contentType: string;
  body: string;
}

function read(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

describe('with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  const received: ReceivedExport[] = [];
  let collector: Server;
  let server: RunningServer;

  beforeAll(async () => {
    collector = createServer(async (request, response) => {
      received.push({
        path: request.url ?? '',
        contentType: request.headers['content-type'] ?? '',
        body: await read(request),
      });
      collector.emit('export');
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    collector.listen(0, '127.0.0.1');
    await once(collector, 'listening');
    const { port } = collector.address() as AddressInfo;
    server = await startServerProcess({
      DATABASE_URL: testDatabaseUrl,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_SERVICE_NAME: 'latchkey-under-test',
      // Batches leave every 100 ms rather than every 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
  });

  afterAll(async () => {
    await server?.stop();
    collector?.close();
  });

  async function exportContaining(text: string): Promise<ReceivedExport> {
    for (;;) {
      const found = received.find((batch) => batch.body.includes(text));
      if (found) return found;
      await once(collector, 'export');
    }
  }

  it('sends a span named after each GraphQL operation to the collector', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query TracingProbe { __typename }' }),
    });
    expect(response.status).toBe(200);
    const batch = await exportContaining('query.TracingProbe');
    expect(batch.path).toBe('/v1/traces');
    expect(batch.body).toContain('latchkey-under-test');
  });

  it('sends no variables: a password stays out of the spans', async () => {
    const password = 'tracing-must-not-see-this';
    await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation TracingSignUp($input: SignUpInput!) { signUp(input: $input) { __typename } }',
        variables: { input: { email: `tracing-${Date.now()}@example.com`, password } },
      }),
    });
    await exportContaining('mutation.TracingSignUp');
    expect(received.some((batch) => batch.body.includes(password))).toBe(false);
  });
});
