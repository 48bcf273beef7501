import { existsSync, mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startServerProcess } from './support/server-process.js';

describe('the server process', () => {
  it('creates and migrates its database, then serves GraphQL over HTTP', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-start-'));
    const file = path.join(directory, 'not-yet', 'latchkey.db');
    const server = await startServerProcess({ DATABASE_URL: `file:${file}` });
    try {
      expect(existsSync(file)).toBe(true);
      expect(server.output()).toContain('Applied migrations: 0001_init');
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ viewer { id } }' }),
      });
      expect(await response.json()).toEqual({ data: { viewer: null } });
    } finally {
      await server.stop();
    }
    const again = await startServerProcess({ DATABASE_URL: `file:${file}` });
    await again.stop();
    expect(again.output()).not.toContain('Applied migrations');
  });

  it('prints only JSON log lines on stdout, each with its time and level, from start to exit', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-log-'));
    const server = await startServerProcess({
      DATABASE_URL: `file:${path.join(directory, 'latchkey.db')}`,
      LATCHKEY_LOG: 'json',
    });
    await (
      await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'first' },
        body: '{"query":"{ viewer { id } }"}',
      })
    ).text();
    await (await fetch(new URL('/no-such-page', server.url))).text();
    await server.stop();

    const entries = server
      .stdout()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    for (const entry of entries) {
      expect(entry).toEqual(expect.objectContaining({ time: expect.stringMatching(/Z$/), level: expect.any(String) }));
      expect(entry.event).toEqual(expect.any(String));
    }
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ event: 'migrations_applied', migrations: expect.arrayContaining(['0001_init']) }),
        expect.objectContaining({ event: 'ready', level: 'info', url: server.url }),
        expect.objectContaining({ event: 'request', requestId: 'first', path: '/graphql', status: 200 }),
        expect.objectContaining({
          event: 'request',
          path: '/no-such-page',
          status: 404,
          requestId: expect.any(String),
        }),
        expect.objectContaining({ event: 'shutdown_started', signal: 'SIGTERM' }),
      ]),
    );
  });

  it('keeps its data in data/latchkey.db and reads latchkey.config.json, at the repository root, unless told otherwise', async () => {
    const configured = process.env.DATABASE_URL;
    const catalogue = process.env.LATCHKEY_CONFIG;
    delete process.env.DATABASE_URL;
    delete process.env.LATCHKEY_CONFIG;
    try {
      vi.resetModules();
      const { config, repositoryRoot } = await import('../src/config.js');
      expect(config.databaseUrl).toBe(`file:${path.join(repositoryRoot, 'data/latchkey.db')}`);
      expect(config.port).toBe(4000);
      expect(config.host).toBe('localhost');
      expect(config.catalogueFile).toBe(path.join(repositoryRoot, 'latchkey.config.json'));
    } finally {
      process.env.DATABASE_URL = configured;
      process.env.LATCHKEY_CONFIG = catalogue;
      vi.resetModules();
    }
  });
});

/** POSTs `chunks` over HTTP/1.1 with or without a Content-Length (without one, node sends them chunked). */
function post(url: string, chunks: string[], declareLength: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const length = chunks.reduce((total, chunk) => total + Buffer.byteLength(chunk), 0);
    const outgoing = httpRequest(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(declareLength ? { 'content-length': length } : {}) },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    // The server may answer 413 and close before reading it all.
    outgoing.on('error', reject);
    for (const chunk of chunks) outgoing.write(chunk);
    outgoing.end();
  });
}

describe('request bodies over HTTP', () => {
  const limit = 4096;
  const bodyOf = (size: number) => {
    const base = JSON.stringify({ query: '{ viewer { id } }', variables: { padding: '' } });
    const text = JSON.stringify({ query: '{ viewer { id } }', variables: { padding: 'x'.repeat(size - base.length) } });
    // Sent in pieces, as a slow client would.
    return [text.slice(0, 1000), text.slice(1000, 3000), text.slice(3000)];
  };

  it.each([
    ['with a Content-Length', true],
    ['chunked, without one', false],
  ])('accepts a body at the limit and refuses one a byte over with 413 (%s)', async (_how, declareLength) => {
    const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-body-'));
    const server = await startServerProcess({
      DATABASE_URL: `file:${path.join(directory, 'latchkey.db')}`,
      LATCHKEY_MAX_BODY_BYTES: String(limit),
    });
    try {
      const accepted = await post(server.url, bodyOf(limit), declareLength);
      expect(accepted).toEqual({ status: 200, body: JSON.stringify({ data: { viewer: null } }) });
      const refused = await post(server.url, bodyOf(limit + 1), declareLength);
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    } finally {
      await server.stop();
    }
  });
});
