import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { uiErrorChannel } from '@latchkey/rules';
import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';

vi.mock('$env/dynamic/private', () => ({ env: {} }));
const { handle, handleError } = await import('./hooks.server');

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
