import { describe, expect, it } from 'vitest';
import { createTestApp, revokeMutation } from './support/app.js';

const allowedOrigin = 'https://dashboard.example.com';
const otherOrigin = 'https://evil.example';

async function setUp() {
  const app = createTestApp({ corsOrigins: [allowedOrigin, 'http://localhost:5173'] });
  const person = await app.signUp();
  const { secret } = await app.generateToken({ cookie: person.cookie }, { name: 'dashboard' });
  const call = (origin: string, headers: Record<string, string>, query = '{ viewer { email } }', variables = {}) =>
    app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, ...headers },
      body: JSON.stringify({ query, variables }),
    });
  const preflight = (origin: string, requestHeaders = 'authorization, content-type') =>
    app.yoga.fetch('http://localhost/graphql', {
      method: 'OPTIONS',
      headers: {
        origin,
        'sec-fetch-site': 'cross-site',
        'access-control-request-method': 'POST',
        'access-control-request-headers': requestHeaders,
      },
    });
  return { app, person, secret, call, preflight };
}

const corsHeadersOf = (response: Response) =>
  Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));

describe('CORS for bearer tokens', () => {
  it('answers a preflight from a configured origin: Authorization and Content-Type, never credentials', async () => {
    const { preflight } = await setUp();
    const response = await preflight(allowedOrigin);
    expect(response.status).toBe(204);
    expect(corsHeadersOf(response)).toEqual({
      'access-control-allow-origin': allowedOrigin,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'Authorization, Content-Type',
      'access-control-expose-headers': 'Retry-After, WWW-Authenticate',
      'access-control-max-age': '600',
    });
  });

  it('lets a configured origin read what its bearer token may read', async () => {
    const { call, secret, person } = await setUp();
    const response = await call(allowedOrigin, { authorization: `Bearer ${secret}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { viewer: { email: person.email } } });
    expect(corsHeadersOf(response)).toEqual({
      'access-control-allow-origin': allowedOrigin,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'Authorization, Content-Type',
      'access-control-expose-headers': 'Retry-After, WWW-Authenticate',
      'access-control-max-age': '600',
    });
  });

  it('gives any other origin no CORS permission, preflight or request', async () => {
    const { call, preflight, secret } = await setUp();
    for (const origin of [otherOrigin, 'https://dashboard.example.com.evil.example', 'http://dashboard.example.com']) {
      expect(corsHeadersOf(await preflight(origin))).toEqual({});
      expect(corsHeadersOf(await call(origin, { authorization: `Bearer ${secret}` }))).toEqual({});
    }
  });

  it('ignores the session cookie a configured origin sends beside a bearer token: the token decides', async () => {
    const { app, call, secret, person } = await setUp();
    const someoneElse = await app.signUp();
    const response = await call(allowedOrigin, { authorization: `Bearer ${secret}`, cookie: someoneElse.cookie });
    expect(await response.json()).toEqual({ data: { viewer: { email: person.email } } });
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses a session cookie from a configured origin, and changes nothing', async () => {
    const { app, call, person } = await setUp();
    const { id } = await app.generateToken({ cookie: person.cookie }, { name: 'target' });
    // What browsers send: Sec-Fetch-Site for another site or a sibling subdomain, or (older ones) only Origin.
    const sites: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, {}];
    for (const siteHeaders of sites) {
      const response = await call(allowedOrigin, { cookie: person.cookie, ...siteHeaders }, revokeMutation, { id });
      expect(response.status).toBe(403);
      expect((await response.json()).errors[0].extensions.code).toBe('CSRF');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
    const status = await app.data(
      'query ($id: ID!) { node(id: $id) { ... on PersonalAccessToken { status } } }',
      { id },
      { cookie: person.cookie },
    );
    expect(status).toEqual({ node: { status: 'ACTIVE' } });
  });

  it('is off by default: no CORS header for anyone', async () => {
    const app = createTestApp({ corsOrigins: [] });
    const response = await app.yoga.fetch('http://localhost/graphql', {
      method: 'OPTIONS',
      headers: { origin: allowedOrigin, 'access-control-request-method': 'POST' },
    });
    expect(corsHeadersOf(response)).toEqual({});
  });

  it('takes exact origins from LATCHKEY_CORS_ORIGINS and refuses anything else', async () => {
    const { parseConfiguration } = await import('../src/config.js');
    expect(parseConfiguration({}).LATCHKEY_CORS_ORIGINS).toEqual([]);
    expect(
      parseConfiguration({ LATCHKEY_CORS_ORIGINS: 'https://a.example.com, http://localhost:5173' })
        .LATCHKEY_CORS_ORIGINS,
    ).toEqual(['https://a.example.com', 'http://localhost:5173']);
    for (const [value, wrong] of [
      ['*', '*'],
      ['https://a.example.com/', 'https://a.example.com/'],
      ['https://a.example.com,https://b.example.com/app', 'https://b.example.com/app'],
      ['a.example.com', 'a.example.com'],
      ['https://A.example.com', 'https://A.example.com'],
    ]) {
      expect(() => parseConfiguration({ LATCHKEY_CORS_ORIGINS: value })).toThrow(
        `Invalid LATCHKEY_CORS_ORIGINS ${JSON.stringify(value)}: ${JSON.stringify(wrong)} is not an origin; expected comma-separated origins such as https://app.example.com (no path, no trailing slash, no *).`,
      );
    }
  });
});
