import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { apiUrl, sessionCookieHeader } from './api-url';

const requestOn = (localAddress: string, localPort: number) =>
  ({ socket: { localAddress, localPort } }) as IncomingMessage;

describe('apiUrl', () => {
  it('uses LATCHKEY_API_URL when it is set', () => {
    expect(apiUrl('http://api.internal:9000/graphql', requestOn('10.0.0.1', 4000), 'https://x').href).toBe(
      'http://api.internal:9000/graphql',
    );
  });

  it('otherwise goes back to the address and port that received the page request', () => {
    expect(apiUrl(undefined, requestOn('::ffff:127.0.0.1', 4000), 'https://latchkey.example').href).toBe(
      'http://127.0.0.1:4000/graphql',
    );
    expect(apiUrl(undefined, requestOn('::1', 4000), 'https://latchkey.example').href).toBe(
      'http://[::1]:4000/graphql',
    );
  });

  it('falls back to the page origin under vite dev, whose proxy serves /graphql', () => {
    expect(apiUrl(undefined, undefined, 'http://localhost:5173').href).toBe('http://localhost:5173/graphql');
  });
});

describe('sessionCookieHeader', () => {
  it('forwards the session cookie and nothing else', () => {
    expect(sessionCookieHeader('theme=dark; latchkey_session=abc=; other=1')).toBe('latchkey_session=abc=');
    expect(sessionCookieHeader('theme=dark')).toBeNull();
    expect(sessionCookieHeader(null)).toBeNull();
  });

  it('forwards the __Host- session cookie of an https site, and every session cookie so the API can refuse two', () => {
    expect(sessionCookieHeader('theme=dark; __Host-latchkey_session=abc')).toBe('__Host-latchkey_session=abc');
    expect(sessionCookieHeader('latchkey_session=planted; theme=dark; latchkey_session=mine')).toBe(
      'latchkey_session=planted; latchkey_session=mine',
    );
  });
});
