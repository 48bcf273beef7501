import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyUiHandler } from '../src/http/ui.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A stand-in for client/build: its handler counts how often its module was imported. */
function fakeBuild(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'latchkey-ui-'));
  writeFileSync(
    path.join(directory, 'handler.js'),
    `globalThis.uiImports = (globalThis.uiImports ?? 0) + 1;
export const handler = (request, response) => response.end('page ' + request.url);`,
  );
  return directory;
}

async function serve(handler: NonNullable<ReturnType<typeof lazyUiHandler>>): Promise<string> {
  const server = createServer((request, response) => handler(request, response, () => response.end('next')));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the settings UI mount', () => {
  it('is absent when the client has not been built', () => {
    expect(lazyUiHandler('http://localhost', mkdtempSync(path.join(tmpdir(), 'latchkey-no-ui-')))).toBeNull();
  });

  it('imports the UI on the first page request, once, and serves every page with it', async () => {
    const globals = globalThis as { uiImports?: number };
    globals.uiImports = 0;
    const handler = lazyUiHandler('http://localhost', fakeBuild());
    expect(handler).not.toBeNull();
    expect(globals.uiImports).toBe(0);
    const url = await serve(handler as NonNullable<typeof handler>);
    const pages = await Promise.all(['/', '/settings/tokens'].map(async (page) => (await fetch(url + page)).text()));
    expect(pages).toEqual(['page /', 'page /settings/tokens']);
    expect(await (await fetch(`${url}/sign-in`)).text()).toBe('page /sign-in');
    expect(globals.uiImports).toBe(1);
  });
});
