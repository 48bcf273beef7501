import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../src/http/http-server.js';
import { uiBuildDirectory } from '../src/http/ui.js';
import { createReadiness } from '../src/lifecycle/readiness.js';
import { setLogSink } from '../src/logging/logger.js';
import { createTestApp, TestClock } from './support/app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let lines: string[] = [];
const logged = () => lines.map((line) => JSON.parse(line));
afterEach(() => {
  lines = [];
});

function capture(): void {
  setLogSink((line) => lines.push(line));
}

describe('an API request', () => {
  async function ask(headers: Record<string, string> = {}) {
    capture();
    const app = createTestApp();
    const response = await app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    setLogSink(null);
    return { id: response.headers.get('x-request-id'), log: logged().filter((entry) => entry.event === 'request') };
  }

  it('keeps the X-Request-Id it came with, answers with it and logs it on its request line', async () => {
    const sent = 'proxy-7f3a:01HZX8Q/2~{}"\\';
    const { id, log } = await ask({ 'X-Request-Id': sent });
    expect(id).toBe(sent);
    expect(log).toEqual([expect.objectContaining({ requestId: sent, path: '/graphql', status: 200 })]);
  });

  it.each([
    ['no X-Request-Id', {}],
    ['an empty one', { 'X-Request-Id': '' }],
    ['one with a space', { 'X-Request-Id': 'two words' }],
    ['one of 129 characters', { 'X-Request-Id': 'x'.repeat(129) }],
    ['one with a character outside visible ASCII', { 'X-Request-Id': 'caf\u00e9' }],
  ])('with %s gets a new id, answered and logged', async (_, headers) => {
    const { id, log } = await ask(headers);
    expect(id).toMatch(UUID);
    expect(log).toEqual([expect.objectContaining({ requestId: id })]);
  });

  it('with an id of 128 visible characters keeps it', async () => {
    const sent = '~'.repeat(128);
    expect((await ask({ 'X-Request-Id': sent })).id).toBe(sent);
  });
});

describe('a request served straight from node:http', () => {
  let http: HttpServer;
  let base: string;
  beforeAll(async () => {
    capture();
    const readiness = createReadiness({ appliedMigrations: async () => [], expectedMigrations: [] });
    http = createHttpServer(new TestClock(), readiness);
    await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
    http.serveUi(base);
  });
  afterAll(async () => {
    setLogSink(null);
    http.server.closeAllConnections();
    await new Promise((resolve) => http.server.close(resolve));
  });

  it.each([
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['POST', '/oauth/introspect'],
    ['GET', '/verify'],
    ['GET', '/oauth/revocations'],
  ])('is answered with its id: %s %s', async (method, target) => {
    const kept = await fetch(base + target, { method, headers: { 'X-Request-Id': 'from-the-proxy-1' } });
    expect(kept.headers.get('x-request-id')).toBe('from-the-proxy-1');
    const made = await fetch(base + target, { method, headers: { 'X-Request-Id': 'not valid' } });
    expect(made.headers.get('x-request-id')).toMatch(UUID);
    await Promise.all([kept.body?.cancel(), made.body?.cancel()]);
  });

  it.runIf(existsSync(path.join(uiBuildDirectory, 'handler.js')))(
    'of the settings UI is logged with its status and id, its 404s among them',
    async () => {
      lines = [];
      const response = await fetch(`${base}/no-such-page?token=lkpat_0123456789abcdefghij`, {
        headers: { 'X-Request-Id': 'ui-404' },
      });
      await response.text();
      expect(response.status).toBe(404);
      expect(response.headers.get('x-request-id')).toBe('ui-404');
      await expect
        .poll(() => logged().filter((entry) => entry.requestId === 'ui-404'))
        .toEqual([
          {
            level: 'info',
            time: expect.any(String),
            event: 'request',
            requestId: 'ui-404',
            method: 'GET',
            path: '/no-such-page',
            status: 404,
            durationMs: expect.any(Number),
            ip: '127.0.0.1',
          },
        ]);
      expect(lines.join('\n')).not.toContain('lkpat_0123456789');
    },
  );
});
