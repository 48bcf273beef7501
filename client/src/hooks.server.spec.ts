import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { uiErrorChannel } from '@latchkey/rules';
import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';

const privateEnv = vi.hoisted((): Record<string, string> => ({}));
vi.mock('$env/dynamic/private', () => ({ env: privateEnv }));
const { handle, handleError, handleFetch } = await import('./hooks.server');

async function pageFor(url: string, cookie?: string) {
  const request = new Request(url, { headers: cookie ? { cookie } : {} });
  const event = { request, url: new URL(url) } as RequestEvent;
  const resolve = async () =>
    new Response('<!doctype html><p>person@example.com', {
      headers: { 'content-type': 'text/html', 'cache-control': 'max-age=60' },
    });
  return handle({ event, resolve });
}

describe('pages', () => {
  it('are never cached when the person is signed in', async () => {
    expect((await pageFor('http://localhost:4000/', 'latchkey_session=abc')).headers.get('cache-control')).toBe(
      'private, no-store',
    );
    const overHttps = await pageFor('https://tokens.example/settings/tokens', 'theme=dark; __Host-latchkey_session=x');
    expect(overHttps.headers.get('cache-control')).toBe('private, no-store');
  });

  it('keep their own caching when nobody is signed in', async () => {
    expect((await pageFor('http://localhost:4000/sign-in')).headers.get('cache-control')).toBe('max-age=60');
  });

  it('carry Strict-Transport-Security when the site is served over https, and only then', async () => {
    expect((await pageFor('https://tokens.example/sign-in')).headers.get('strict-transport-security')).toMatch(
      /^max-age=\d+/,
    );
    expect((await pageFor('http://localhost:4000/sign-in')).headers.has('strict-transport-security')).toBe(false);
  });
});

describe('a server-side error', () => {
  const event = { request: new Request('http://localhost:4000/nope'), url: new URL('http://localhost:4000/nope') };
  const report = (error: unknown, status: number) =>
    handleError({ error, event: event as RequestEvent, status, message: 'Internal Error' });

  it('is not printed when the page does not exist: the server logs the request with its 404', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    await report(new Error('Not found: /nope'), 404);
    expect(printed).not.toHaveBeenCalled();
    printed.mockRestore();
  });

  it("goes to the mounting server's log when it listens, else to the console", async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failure = new Error('the load failed');
    await report(failure, 500);
    expect(printed).toHaveBeenCalledWith(failure);
    printed.mockClear();
    const published: unknown[] = [];
    const listen = (message: unknown) => published.push(message);
    subscribe(uiErrorChannel, listen);
    await report(failure, 500);
    unsubscribe(uiErrorChannel, listen);
    expect(published).toEqual([failure]);
    expect(printed).not.toHaveBeenCalled();
    printed.mockRestore();
  });
});

describe("the UI's own API calls", () => {
  /** The headers of the call the UI's server makes to the API for a browser at `peer`, as sent. */
  async function apiCallHeaders(peer: string, browserHeaders: Record<string, string> = {}) {
    let sent: Headers | undefined;
    const fetched = vi.spyOn(globalThis, 'fetch').mockImplementation(async (_target, init) => {
      sent = new Headers(init?.headers);
      return new Response('{}');
    });
    try {
      const event = {
        request: new Request('http://localhost:4000/settings/tokens', { headers: browserHeaders }),
        url: new URL('http://localhost:4000/settings/tokens'),
        platform: { req: { socket: { remoteAddress: peer, localAddress: '127.0.0.1', localPort: 4000 } } },
        locals: {},
      } as unknown as RequestEvent;
      await handleFetch({
        event,
        request: new Request('http://localhost:4000/graphql', { method: 'POST', body: '{}' }),
        fetch: globalThis.fetch,
      });
    } finally {
      fetched.mockRestore();
    }
    return sent ?? new Headers();
  }

  it("carry the browser's address and X-Forwarded-For with the key of the server that mounts the UI", async () => {
    privateEnv.LATCHKEY_UI_FORWARDING_KEY = 'the-key';
    try {
      const headers = await apiCallHeaders('198.51.100.7', { 'x-forwarded-for': '203.0.113.1' });
      expect(headers.get('x-latchkey-ui-key')).toBe('the-key');
      expect(headers.get('x-latchkey-ui-peer')).toBe('198.51.100.7');
      expect(headers.get('x-forwarded-for')).toBe('203.0.113.1');
    } finally {
      delete privateEnv.LATCHKEY_UI_FORWARDING_KEY;
    }
  });

  it('claim no address when the UI runs without that key', async () => {
    const headers = await apiCallHeaders('198.51.100.7', { 'x-forwarded-for': '203.0.113.1' });
    expect(headers.has('x-latchkey-ui-key')).toBe(false);
    expect(headers.has('x-latchkey-ui-peer')).toBe(false);
    expect(headers.has('x-forwarded-for')).toBe(false);
  });
});
