import { existsSync, mkdtempSync } from 'node:fs';
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
        body: JSON.stringify({ query: '{ viewer { id } scopes { name } }' }),
      });
      expect(await response.json()).toEqual({
        data: {
          viewer: null,
          scopes: [{ name: 'profile:read' }, { name: 'tokens:read' }, { name: 'tokens:write' }, { name: 'audit:read' }],
        },
      });
    } finally {
      await server.stop();
    }
    const again = await startServerProcess({ DATABASE_URL: `file:${file}` });
    await again.stop();
    expect(again.output()).not.toContain('Applied migrations');
  });

  it('keeps its data in data/latchkey.db at the repository root unless DATABASE_URL says otherwise', async () => {
    const configured = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      vi.resetModules();
      const { config, repositoryRoot } = await import('../src/config.js');
      expect(config.databaseUrl).toBe(`file:${path.join(repositoryRoot, 'data/latchkey.db')}`);
      expect(config.port).toBe(4000);
      expect(config.host).toBe('localhost');
    } finally {
      process.env.DATABASE_URL = configured;
      vi.resetModules();
    }
  });
});
