import { mkdtempSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { securityHeaders } from '@latchkey/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from './support/database.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';

/** POSTs `body` in pieces, with a Content-Length or (without one) chunked, as a slow client would. */
function post(url: string, body: string, declareLength: boolean) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(declareLength ? { 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      },
    );
    outgoing.on('error', reject);
    for (let at = 0; at < body.length; at += 1000) outgoing.write(body.slice(at, at + 1000));
    outgoing.end();
  });
}

// The server process keeps its own SQLite file; running it again on the PostgreSQL project would prove nothing new.
describe.skipIf(testEngine === 'postgresql')('a body over the limit, with logging on', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServerProcess({
      DATABASE_URL: `file:${path.join(mkdtempSync(path.join(tmpdir(), 'latchkey-body-log-')), 'latchkey.db')}`,
      LATCHKEY_MAX_BODY_BYTES: '4096',
      LATCHKEY_LOG: 'json',
    });
  });
  afterAll(() => server.stop());

  const oversized = JSON.stringify({ query: '{ viewer { id } }', variables: { padding: 'x'.repeat(5000) } });

  it('gets the same logged 413 JSON answer, with the security headers, chunked or with a Content-Length', async () => {
    const declared = await post(server.url, oversized, true);
    const chunked = await post(server.url, oversized, false);

    for (const answer of [declared, chunked]) {
      expect(answer.status).toBe(413);
      expect(answer.headers['content-type']).toMatch(/json/);
      for (const [name, value] of Object.entries(securityHeaders))
        expect(answer.headers[name.toLowerCase()]).toBe(value);
    }
    expect(chunked.body).toBe(declared.body);
    expect(JSON.parse(chunked.body).errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');

    const logged = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    expect(logged.filter((entry) => entry.event === 'request' && entry.status === 413)).toHaveLength(2);
    expect(logged.find((entry) => entry.status === 413)).toMatchObject({ ip: '127.0.0.1', path: '/graphql' });
    expect(server.output()).not.toMatch(/Error|\n\s+at /);
  });
});
