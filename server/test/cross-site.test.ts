import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { createTestApp, localId, revokeMutation } from './support/app.js';

async function setUp() {
  const app = createTestApp();
  const person = await app.signUp();
  const { id } = await app.generateToken({ cookie: person.cookie }, { name: 'target' });
  const isActive = async () =>
    (await db.personalAccessToken.findUniqueOrThrow({ where: { id: localId(id) } })).revokedAt === null;
  const send = (headers: Record<string, string>, body: string, method = 'POST', url = 'http://localhost/graphql') =>
    app.yoga.fetch(url, {
      method,
      headers: { cookie: person.cookie, ...headers },
      ...(method === 'GET' ? {} : { body }),
    });
  const revokeBody = JSON.stringify({ query: revokeMutation, variables: { id } });
  return { app, person, id, isActive, send, revokeBody };
}

describe('cross-site requests with the session cookie', () => {
  it.each([
    ['text/plain', { 'content-type': 'text/plain' }, 415],
    ['text/plain with a charset', { 'content-type': 'text/plain;charset=UTF-8' }, 415],
    ['form-encoded', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }, 415],
    ['no content type', {}, 415],
    ['odd casing of the content type', { 'content-type': 'Application/JSON' }, 415],
    ['a foreign Origin', { 'content-type': 'application/json', origin: 'https://evil.example' }, 403],
    ['odd casing and a foreign Origin', { 'content-type': 'Application/JSON', origin: 'https://evil.example' }, 403],
    ['Sec-Fetch-Site: cross-site', { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, 403],
    ['Sec-Fetch-Site: same-site', { 'content-type': 'application/json', 'sec-fetch-site': 'same-site' }, 403],
  ])('refuses %s and changes nothing', async (_case, headers, status) => {
    const { send, revokeBody, isActive } = await setUp();
    const response = await send(headers as Record<string, string>, revokeBody);
    expect(response.status).toBe(status);
    expect(await isActive()).toBe(true);
  });

  it('refuses a form-encoded body even without a cookie', async () => {
    const { app, revokeBody } = await setUp();
    const response = await app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent(JSON.parse(revokeBody).query)}`,
    });
    expect(response.status).toBe(415);
  });

  it('accepts its own origin', async () => {
    const { send, revokeBody, isActive } = await setUp();
    const response = await send(
      {
        'content-type': 'application/json; charset=utf-8',
        origin: 'http://localhost',
        'sec-fetch-site': 'same-origin',
      },
      revokeBody,
    );
    expect(response.status).toBe(200);
    expect(await isActive()).toBe(false);
  });

  it('accepts bearer-token calls from anywhere: browsers never attach tokens by themselves', async () => {
    const { app, person } = await setUp();
    const { secret } = await app.generateToken({ cookie: person.cookie }, { name: 'script' });
    const response = await app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}`, origin: 'https://ci.example' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(response.status).toBe(200);
  });

  it('sends no CORS permission to other origins', async () => {
    const { app } = await setUp();
    const preflight = await app.yoga.fetch('http://localhost/graphql', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('sends security headers with every API response', async () => {
    const { app } = await setUp();
    const response = await app.request('{ scopes { name } }');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('field suggestions', () => {
  it('are hidden from unauthenticated callers', async () => {
    const { app } = await setUp();
    const response = await app.request('{ viewer { emial } }');
    expect(response.body.errors[0].message).toBe('Cannot query field "emial" on type "User".');
  });

  it('are shown to authenticated callers', async () => {
    const { app, person } = await setUp();
    const response = await app.request('{ viewer { emial } }', {}, { cookie: person.cookie });
    expect(response.body.errors[0].message).toBe('Cannot query field "emial" on type "User". Did you mean "email"?');
  });
});
