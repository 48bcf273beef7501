import { describe, expect, it } from 'vitest';
import { operatorCatalogue } from '../src/permissions/operator-catalogue.js';
import { createServiceKey, revokeServiceKey } from '../src/services/service-keys.js';
import { lastUseRecorder } from '../src/tokens/last-use.js';
import { createTestApp, revokeMutation, TestClock, withWrongChecksum } from './support/app.js';
import { basic, FORM, serviceEndpointsAt } from './support/service-http.js';

// The two endpoints the operator's services call, over real HTTP, mounted as index.ts mounts them, judging
// tokens at the test apps' clock.
const clock = new TestClock();
const { send } = serviceEndpointsAt(clock);

async function setUp() {
  const app = createTestApp({ clock });
  const person = await app.signUp();
  const session = { cookie: person.cookie };
  const now = clock.now();
  const reportsKey = (await createServiceKey(operatorCatalogue(), 'reports', now)).secret;
  const billingKey = (await createServiceKey(operatorCatalogue(), 'billing', now)).secret;
  const reader = await app.generateToken(session, { name: 'reader', permissions: ['reports:read', 'profile:read'] });
  const writer = await app.generateToken(session, { name: 'writer', permissions: ['reports:write'] });
  const latchkeyOnly = await app.generateToken(session, { name: 'latchkey only', permissions: ['tokens:read'] });
  const { viewer } = await app.data('{ viewer { id email } }', {}, session);
  const introspect = (token: string, key = reportsKey, serviceId = 'reports', extra: [string, string][] = []) =>
    send(
      'POST',
      '/oauth/introspect',
      [['Authorization', basic(serviceId, key)], FORM, ...extra],
      new URLSearchParams({ token }).toString(),
    );
  const verify = (query: string, token: string | null, key = reportsKey, extra: [string, string][] = []) =>
    send('GET', `/verify?${query}`, [
      ['X-Latchkey-Service-Key', key],
      ...(token ? ([['Authorization', `Bearer ${token}`]] as [string, string][]) : []),
      ...extra,
    ]);
  return { app, session, reportsKey, billingKey, reader, writer, latchkeyOnly, viewer, introspect, verify };
}

describe('token introspection (RFC 7662)', () => {
  it('tells a service about a token holding its permissions, and only about those', async () => {
    const { introspect, reader, writer, viewer } = await setUp();
    const answer = await introspect(reader.secret);
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    const body = JSON.parse(answer.body);
    expect(body).toEqual({
      active: true,
      scope: 'reports:read',
      client_id: 'reports',
      sub: viewer.id,
      token_id: reader.id,
      token_type: 'Bearer',
      aud: 'reports',
      iat: expect.any(Number),
      exp: Math.floor(new Date(reader.token.expiresAt).getTime() / 1000),
      // The token holds profile:read, so the service may know who it is.
      username: viewer.email,
    });
    // reports:write implies reports:read; without profile:read, no username.
    const wrote = JSON.parse((await introspect(writer.secret)).body);
    expect(wrote.scope).toBe('reports:read reports:write');
    expect(wrote).not.toHaveProperty('username');
  });

  it('answers every token it may not see with the same bytes, HTTP 200', async () => {
    const { app, session, introspect, billingKey, reader, latchkeyOnly } = await setUp();
    const revoked = await app.generateToken(session, { name: 'revoked', permissions: ['reports:read'] });
    await app.data(revokeMutation, { id: revoked.id }, session);
    const inactive = [
      await introspect('not a token'),
      await introspect(withWrongChecksum(reader.secret)),
      await introspect('lkpat_0000000000000000000000000000000000000'),
      await introspect(revoked.secret),
      await introspect(latchkeyOnly.secret),
      // Audience: a token for the reports API is refused by billing.
      await introspect(reader.secret, billingKey, 'billing'),
      await introspect(''),
    ];
    for (const answer of inactive) {
      expect(answer.status).toBe(200);
      expect(answer.body).toBe('{"active":false}');
    }
  });

  it('refuses a service that does not prove who it is with 401, telling nothing of the token', async () => {
    const { introspect, reportsKey, billingKey, reader } = await setUp();
    for (const answer of [
      await introspect(reader.secret, billingKey, 'reports'),
      await introspect(reader.secret, reportsKey, 'billing'),
      await introspect(reader.secret, withWrongChecksum(reportsKey)),
      await introspect(reader.secret, reportsKey, 'latchkey'),
      await send('POST', '/oauth/introspect', [FORM], `token=${reader.secret}`),
    ]) {
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toMatch(/^Basic /);
      expect(JSON.parse(answer.body)).toEqual({ error: 'invalid_client' });
    }
  });

  it('refuses a revoked service key from the next request on', async () => {
    const { introspect, reader } = await setUp();
    const { key, secret } = await createServiceKey(operatorCatalogue(), 'reports', clock.now());
    expect(JSON.parse((await introspect(reader.secret, secret)).body).active).toBe(true);
    await revokeServiceKey(key.id, clock.now());
    expect((await introspect(reader.secret, secret)).status).toBe(401);
  });

  it('opens nothing else: a service key is no bearer token for Latchkey’s own API', async () => {
    const { app, reportsKey } = await setUp();
    const response = await app.request('{ viewer { id } }', {}, { token: reportsKey });
    expect(response.status).toBe(401);
    expect(response.body.errors[0].extensions.code).toBe('INVALID_TOKEN');
  });

  it('gives bad requests a clear 4xx', async () => {
    const { reportsKey, reader } = await setUp();
    const auth: [string, string] = ['Authorization', basic('reports', reportsKey)];
    const post = (headers: [string, string][], body: string) => send('POST', '/oauth/introspect', headers, body);
    const json = await post([auth, ['Content-Type', 'application/json']], JSON.stringify({ token: reader.secret }));
    expect(json.status).toBe(415);
    expect((await post([auth, FORM], '')).status).toBe(400);
    expect((await post([auth, FORM], `token=${reader.secret}&token=${reader.secret}`)).status).toBe(400);
    expect((await post([auth, FORM], `token=${'x'.repeat(5000)}`)).status).toBe(413);
    const get = await send('GET', '/oauth/introspect', [auth]);
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const hinted = await post([auth, FORM], `token=${reader.secret}&token_type_hint=access_token`);
    expect(JSON.parse(hinted.body).active).toBe(true);
  });

  it('records the use, with the service, as Latchkey records its own', async () => {
    const { app, session, introspect, reader } = await setUp();
    await introspect(reader.secret);
    await lastUseRecorder.flush();
    const { node } = await app.data(
      'query ($id: ID!) { node(id: $id) { ... on PersonalAccessToken { lastUsedAt lastUsedService } } }',
      { id: reader.id },
      session,
    );
    expect(node.lastUsedAt).not.toBeNull();
    expect(node.lastUsedService).toBe('reports');
  });
});

describe('forward authentication for reverse proxies', () => {
  it('lets a token with the permission through, saying who and what in headers', async () => {
    const { verify, writer, viewer } = await setUp();
    const answer = await verify('service=reports&permission=reports:read', writer.secret, undefined, [
      ['X-Forwarded-For', '203.0.113.9'],
    ]);
    expect(answer.status).toBe(200);
    expect(answer.headers['x-latchkey-user-id']).toBe(viewer.id);
    expect(answer.headers['x-latchkey-token-id']).toBe(writer.id);
    expect(answer.headers['x-latchkey-permissions']).toBe('reports:read reports:write');
  });

  it('answers a bad, revoked or other-service token with the same 401', async () => {
    const { app, session, verify, reader, latchkeyOnly } = await setUp();
    const revoked = await app.generateToken(session, { name: 'gone', permissions: ['reports:read'] });
    await verify('service=reports', revoked.secret);
    await app.data(revokeMutation, { id: revoked.id }, session);
    for (const token of [null, 'nonsense', withWrongChecksum(reader.secret), revoked.secret, latchkeyOnly.secret]) {
      const answer = await verify('service=reports&permission=reports:read', token);
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(answer.body).toBe('');
    }
  });

  it('answers a token without the permission with 403 insufficient_scope, naming it', async () => {
    const { verify, reader } = await setUp();
    const answer = await verify('service=reports&permission=reports:write', reader.secret);
    expect(answer.status).toBe(403);
    expect(answer.headers['www-authenticate']).toBe('Bearer error="insufficient_scope", scope="reports:write"');
  });

  it('refuses a proxy without a live key of the service, and a permission its service does not have', async () => {
    const { verify, reader, billingKey } = await setUp();
    expect((await verify('service=reports', reader.secret, billingKey)).status).toBe(401);
    expect((await verify('service=nope', reader.secret)).status).toBe(401);
    expect((await verify('permission=reports:read', reader.secret)).status).toBe(401);
    expect((await verify('service=reports&permission=billing:read', reader.secret)).status).toBe(500);
  });

  it('records the client address the proxy passes on, and the service', async () => {
    const { app, session, verify, writer } = await setUp();
    await verify('service=reports', writer.secret, undefined, [['X-Real-IP', '198.51.100.7']]);
    await lastUseRecorder.flush();
    const { node } = await app.data(
      'query ($id: ID!) { node(id: $id) { ... on PersonalAccessToken { lastUsedIp lastUsedService } } }',
      { id: writer.id },
      session,
    );
    expect(node).toEqual({ lastUsedIp: '198.51.100.7', lastUsedService: 'reports' });
  });
});
