import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { operatorCatalogue } from '../src/permissions/operator-catalogue.js';
import { createServiceKey } from '../src/services/service-keys.js';
import { refusedAddressRecorder } from '../src/tokens/refused-addresses.js';
import { type Credentials, createTestApp, DAY, localId, MINUTE, TestClock } from './support/app.js';
import { basic, FORM, serviceEndpointsAt } from './support/service-http.js';

// Issue 16's controls (address allowlists, rate limits, quotas) through the API that sets them and every
// verification path that enforces them: Latchkey's own API, introspection and forward authentication.
const clock = new TestClock();
const { send } = serviceEndpointsAt(clock);

const TOKEN_FIELDS = `id allowedAddresses refusedAddressCount rateLimit { requests windowSeconds }
  quota { uses refill remaining refillsAt }`;

const generateMutation = `mutation ($input: GenerateTokenInput!) {
  generateToken(input: $input) {
    __typename
    ... on Error { message }
    ... on ValidationError { fieldErrors { path message } }
    ... on GenerateTokenSuccess { secret token { ${TOKEN_FIELDS} } }
  }
}`;

const updateMutation = `mutation ($id: ID!, $input: UpdateTokenInput!) {
  updateToken(id: $id, input: $input) {
    __typename
    ... on Error { message }
    ... on ValidationError { fieldErrors { path message } }
    ... on UpdateTokenSuccess { token { ${TOKEN_FIELDS} } }
  }
}`;

const tokenQuery = `query ($id: ID!) { node(id: $id) { ... on PersonalAccessToken { ${TOKEN_FIELDS} } } }`;

async function setUp() {
  const app = createTestApp({ clock });
  const person = await app.signUp();
  const session: Credentials = { cookie: person.cookie };
  const reportsKey = (await createServiceKey(operatorCatalogue(), 'reports', clock.now())).secret;
  async function generate(input: Record<string, unknown>, credentials: Credentials = session) {
    const result = await app.data(
      generateMutation,
      { input: { name: `token ${Math.random()}`, expiration: 'DAYS_30', permissions: ['reports:read'], ...input } },
      credentials,
    );
    return result.generateToken;
  }
  async function generated(input: Record<string, unknown>, credentials: Credentials = session) {
    const result = await generate(input, credentials);
    expect(result.__typename, JSON.stringify(result)).toBe('GenerateTokenSuccess');
    return result as { secret: string; token: { id: string } & Record<string, unknown> };
  }
  const introspect = (secret: string, clientAddress?: string) =>
    send(
      'POST',
      '/oauth/introspect',
      [['Authorization', basic('reports', reportsKey)], FORM],
      new URLSearchParams({
        token: secret,
        ...(clientAddress === undefined ? {} : { latchkey_client_address: clientAddress }),
      }).toString(),
    );
  const forwardAuth = (secret: string, realIp?: string) =>
    send('GET', '/verify?service=reports&permission=reports:read', [
      ['X-Latchkey-Service-Key', reportsKey],
      ['Authorization', `Bearer ${secret}`],
      ...(realIp === undefined ? [] : ([['X-Real-IP', realIp]] as [string, string][])),
    ]);
  return { app, session, generate, generated, introspect, forwardAuth };
}

describe('setting controls', () => {
  it('stores an allowlist normalised (IPv4, IPv6, IPv4-mapped IPv6, host bits, duplicates) with its limits', async () => {
    const { generated } = await setUp();
    const { token } = await generated({
      allowedAddresses: ['203.0.113.7', '10.1.2.3/8', '::ffff:192.168.0.0/112', '2001:DB8::1/32', '10.0.0.0/8'],
      rateLimit: { requests: 100, windowSeconds: 60 },
      quota: { uses: 1000, refill: 'MONTH' },
    });
    expect(token).toMatchObject({
      allowedAddresses: ['203.0.113.7/32', '10.0.0.0/8', '192.168.0.0/16', '2001:db8::/32'],
      refusedAddressCount: 0,
      rateLimit: { requests: 100, windowSeconds: 60 },
      quota: { uses: 1000, refill: 'MONTH', remaining: 1000, refillsAt: '2026-02-01T00:00:00.000Z' },
    });
  });

  it('leaves a token without controls open to any address and unlimited', async () => {
    const { generated } = await setUp();
    const { token } = await generated({});
    expect(token).toMatchObject({ allowedAddresses: [], rateLimit: null, quota: null });
  });

  it('refuses bad entries and bounds with a ValidationError naming each, and creates nothing', async () => {
    const { app, session, generate } = await setUp();
    const before = await db.personalAccessToken.count();
    const wrong = await generate({
      allowedAddresses: ['10.0.0.300', '10.1', 'fe80::1%eth0', '1.2.3.4/33', 'example.com'],
      rateLimit: { requests: 0, windowSeconds: 86_401 },
      quota: { uses: 1_000_000_001 },
    });
    expect(wrong.__typename).toBe('ValidationError');
    expect(wrong.fieldErrors).toEqual([
      {
        path: ['input', 'allowedAddresses', '0'],
        message: '"10.0.0.300" is not an IPv4 or IPv6 address or CIDR range.',
      },
      { path: ['input', 'allowedAddresses', '1'], message: '"10.1" is not an IPv4 or IPv6 address or CIDR range.' },
      {
        path: ['input', 'allowedAddresses', '2'],
        message: '"fe80::1%eth0" is not an IPv4 or IPv6 address or CIDR range.',
      },
      {
        path: ['input', 'allowedAddresses', '3'],
        message: '"1.2.3.4/33" is not an IPv4 or IPv6 address or CIDR range.',
      },
      {
        path: ['input', 'allowedAddresses', '4'],
        message: '"example.com" is not an IPv4 or IPv6 address or CIDR range.',
      },
      { path: ['input', 'rateLimit', 'requests'], message: 'Requests per window must be at least 1.' },
      { path: ['input', 'rateLimit', 'windowSeconds'], message: 'The window must be at most 86,400.' },
      { path: ['input', 'quota', 'uses'], message: 'The quota must be at most 1,000,000,000.' },
    ]);
    const tooMany = await generate({ allowedAddresses: Array.from({ length: 21 }, (_, index) => `10.0.0.${index}`) });
    expect(tooMany.fieldErrors).toEqual([
      { path: ['input', 'allowedAddresses'], message: 'At most 20 addresses or ranges.' },
    ]);
    expect(await db.personalAccessToken.count()).toBe(before);
    expect((await app.data('{ viewer { tokens(first: 1) { totalCount } } }', {}, session)).viewer.tokens).toEqual({
      totalCount: 0,
    });
  });

  it('edits controls either way, auditing each change, and leaves those an edit does not mention', async () => {
    const { app, session, generated } = await setUp();
    const { token } = await generated({
      allowedAddresses: ['10.0.0.0/8'],
      rateLimit: { requests: 5, windowSeconds: 1 },
    });
    const widened = await app.data(
      updateMutation,
      { id: token.id, input: { allowedAddresses: ['10.0.0.0/8', '192.168.1.1'], quota: { uses: 50 } } },
      session,
    );
    expect(widened.updateToken.token).toMatchObject({
      allowedAddresses: ['10.0.0.0/8', '192.168.1.1/32'],
      rateLimit: { requests: 5, windowSeconds: 1 },
      quota: { uses: 50, refill: null, remaining: 50, refillsAt: null },
    });
    const cleared = await app.data(
      updateMutation,
      { id: token.id, input: { allowedAddresses: [], removeRateLimit: true, removeQuota: true } },
      session,
    );
    expect(cleared.updateToken.token).toMatchObject({ allowedAddresses: [], rateLimit: null, quota: null });
    const both = await app.data(
      updateMutation,
      { id: token.id, input: { rateLimit: { requests: 1, windowSeconds: 1 }, removeRateLimit: true } },
      session,
    );
    expect(both.updateToken.fieldErrors).toEqual([
      { path: ['input', 'rateLimit'], message: 'Give either `rateLimit` or `removeRateLimit`.' },
    ]);
    const events = await db.auditEvent.findMany({
      where: { tokenId: localId(token.id), action: 'TOKEN_UPDATED' },
      orderBy: { id: 'asc' },
    });
    expect(events.map((event) => JSON.parse(event.changes ?? 'null'))).toEqual([
      [
        { field: 'allowedAddresses', before: '10.0.0.0/8', after: '10.0.0.0/8 192.168.1.1/32' },
        { field: 'quota', before: null, after: '50' },
      ],
      [
        { field: 'allowedAddresses', before: '10.0.0.0/8 192.168.1.1/32', after: null },
        { field: 'rateLimit', before: '5/1s', after: null },
        { field: 'quota', before: '50', after: null },
      ],
    ]);
  });
});

describe('delegation', () => {
  it('lets a token with controls leave only tokens held at least as tightly', async () => {
    const { generated, generate, app } = await setUp();
    const parent = await generated({
      permissions: ['reports:read', 'tokens:write', 'tokens:read'],
      // The test app's requests carry no address: the parent would be refused at its own API. Its controls
      // are judged here as a holder of it would meet them, so it gets none of its own but the limits.
      rateLimit: { requests: 100, windowSeconds: 60 },
      quota: { uses: 1000, refill: 'MONTH' },
    });
    const asParent = { token: parent.secret };
    expect((await generate({ quota: { uses: 10, refill: 'MONTH' } }, asParent)).fieldErrors).toEqual([
      {
        path: ['input', 'rateLimit'],
        message: 'A token with a rate limit can only leave tokens with a rate limit at least as strict.',
      },
    ]);
    const faster = await generate(
      { rateLimit: { requests: 2, windowSeconds: 1 }, quota: { uses: 10, refill: 'MONTH' } },
      asParent,
    );
    expect(faster.fieldErrors?.[0]?.path).toEqual(['input', 'rateLimit']);
    const moreOften = await generate(
      { rateLimit: { requests: 1, windowSeconds: 1 }, quota: { uses: 10, refill: 'DAY' } },
      asParent,
    );
    expect(moreOften.fieldErrors).toEqual([
      {
        path: ['input', 'quota'],
        message: 'A token with a quota can only leave tokens with a quota no larger, refilled no more often.',
      },
    ]);
    const child = await generated(
      { rateLimit: { requests: 1, windowSeconds: 1 }, quota: { uses: 10, refill: 'MONTH' } },
      asParent,
    );
    // Nor can it edit the child out of them.
    const loosened = await app.data(updateMutation, { id: child.token.id, input: { removeQuota: true } }, asParent);
    expect(loosened.updateToken.fieldErrors?.[0]?.path).toEqual(['input', 'quota']);
  });
});

describe('the address allowlist', () => {
  it('refuses other addresses on introspection and forward auth exactly like an invalid token', async () => {
    const { generated, introspect, forwardAuth } = await setUp();
    const { secret } = await generated({ allowedAddresses: ['10.0.0.0/8', '2001:db8::/32'] });
    expect(JSON.parse((await introspect(secret, '10.9.8.7')).body).active).toBe(true);
    expect(JSON.parse((await introspect(secret, '::ffff:10.9.8.7')).body).active).toBe(true);
    expect(JSON.parse((await introspect(secret, '2001:db8:1::5')).body).active).toBe(true);
    for (const outside of ['192.168.1.1', '2001:db9::1', undefined]) {
      const answer = await introspect(secret, outside);
      expect([answer.status, answer.body]).toEqual([200, '{"active":false}']);
    }
    expect((await forwardAuth(secret, '10.0.0.1')).status).toBe(200);
    const refused = await forwardAuth(secret, '172.16.0.1');
    const invalid = await forwardAuth('lkpat_0000000000000000000000000000000000000', '172.16.0.1');
    expect([refused.status, refused.body, refused.headers['www-authenticate']]).toEqual([
      invalid.status,
      invalid.body,
      invalid.headers['www-authenticate'],
    ]);
  });

  it("refuses other addresses on Latchkey's own API with the invalid-token answer", async () => {
    const { app, generated } = await setUp();
    const { secret } = await generated({ permissions: ['profile:read'], allowedAddresses: ['10.0.0.0/8', '::1'] });
    const from = (remoteAddress: string) => app.request('{ viewer { id } }', {}, { token: secret, remoteAddress });
    expect((await from('10.20.30.40')).status).toBe(200);
    expect((await from('::ffff:10.20.30.40')).status).toBe(200);
    expect((await from('::1')).status).toBe(200);
    const refused = await from('192.0.2.1');
    const invalid = await app.request(
      '{ viewer { id } }',
      {},
      {
        token: 'lkpat_0000000000000000000000000000000000000',
        remoteAddress: '192.0.2.1',
      },
    );
    expect([refused.status, refused.text, refused.headers.get('www-authenticate')]).toEqual([
      invalid.status,
      invalid.text,
      invalid.headers.get('www-authenticate'),
    ]);
    expect(refused.status).toBe(401);
  });

  it('rejects a client address that is not an address', async () => {
    const { generated, introspect } = await setUp();
    const { secret } = await generated({ allowedAddresses: ['10.0.0.0/8'] });
    const answer = await introspect(secret, '10.1');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      error: 'invalid_request',
      error_description: 'latchkey_client_address must be an IPv4 or IPv6 address.',
    });
  });

  it("tells the owner: TOKEN_REFUSED_ADDRESS with the address and count, and the token's counter", async () => {
    const { app, session, generated, introspect } = await setUp();
    const { secret, token } = await generated({ allowedAddresses: ['10.0.0.0/8'] });
    await introspect(secret, '198.51.100.4');
    await introspect(secret, '198.51.100.4');
    await introspect(secret, '2001:db8::9');
    await refusedAddressRecorder.flush();
    const { node } = await app.data(tokenQuery, { id: token.id }, session);
    expect(node.refusedAddressCount).toBe(3);
    const events = await app.data(
      `query ($id: ID!) {
        viewer { auditEvents(first: 10, tokenId: $id) { edges { node { action ip refusedCount actorType } } } }
      }`,
      { id: token.id },
      session,
    );
    const refusals = events.viewer.auditEvents.edges
      .map(({ node: event }: { node: { action: string } }) => event)
      .filter((event: { action: string }) => event.action === 'TOKEN_REFUSED_ADDRESS');
    expect(refusals).toEqual(
      expect.arrayContaining([
        { action: 'TOKEN_REFUSED_ADDRESS', ip: '198.51.100.4', refusedCount: 2, actorType: 'TOKEN' },
        { action: 'TOKEN_REFUSED_ADDRESS', ip: '2001:db8::9', refusedCount: 1, actorType: 'TOKEN' },
      ]),
    );
    expect(refusals).toHaveLength(2);
  });

  it('holds from the next request after an edit, on the verifier cache too', async () => {
    const { app, session, generated, introspect } = await setUp();
    const { secret, token } = await generated({});
    expect(JSON.parse((await introspect(secret, '192.168.0.1')).body).active).toBe(true);
    await app.data(updateMutation, { id: token.id, input: { allowedAddresses: ['10.0.0.0/8'] } }, session);
    expect((await introspect(secret, '192.168.0.1')).body).toBe('{"active":false}');
  });
});

describe('rate limits and quotas', () => {
  it('never grants more uses than the quota, whatever arrives at once', async () => {
    const { generated, introspect } = await setUp();
    const { secret } = await generated({ quota: { uses: 5 } });
    const answers = await Promise.all(Array.from({ length: 20 }, () => introspect(secret)));
    const bodies = answers.map((answer) => JSON.parse(answer.body));
    expect(bodies.filter((body) => body.active === true)).toHaveLength(5);
    const limited = bodies.filter((body) => body.active === false);
    expect(limited).toHaveLength(15);
    for (const body of limited) expect(body).toMatchObject({ latchkey_reason: 'rate_limited' });
  });

  it('tells verifiers to verify every use of a token with controls, and only of those', async () => {
    const { generated, introspect } = await setUp();
    const limited = await generated({ quota: { uses: 5 } });
    const open = await generated({});
    expect(JSON.parse((await introspect(limited.secret)).body).latchkey_verify_each_use).toBe(true);
    expect(JSON.parse((await introspect(open.secret)).body)).not.toHaveProperty('latchkey_verify_each_use');
  });

  it('refills a quota at the start of the next period, on the injected clock', async () => {
    const { app, session, generated, introspect } = await setUp();
    const { secret, token } = await generated({ quota: { uses: 2, refill: 'DAY' }, expiration: 'DAYS_7' });
    await introspect(secret);
    expect((await app.data(tokenQuery, { id: token.id }, session)).node.quota).toMatchObject({
      remaining: 1,
      refillsAt: '2026-01-16T00:00:00.000Z',
    });
    await introspect(secret);
    const over = JSON.parse((await introspect(secret)).body);
    // 12 hours to midnight UTC.
    expect(over).toEqual({ active: false, latchkey_reason: 'rate_limited', latchkey_retry_after: 12 * 60 * 60 });
    clock.advance(DAY / 2);
    try {
      expect(JSON.parse((await introspect(secret)).body).active).toBe(true);
    } finally {
      clock.advance(-DAY / 2);
    }
  });

  it('answers 429 with Retry-After at forward auth and on the API, counting only allowed uses', async () => {
    const { app, generated, forwardAuth } = await setUp();
    const { secret } = await generated({
      permissions: ['reports:read', 'profile:read'],
      rateLimit: { requests: 2, windowSeconds: 60 },
    });
    // The test clock sits on a whole minute: the window ends 60 s from now.
    expect((await forwardAuth(secret)).status).toBe(200);
    expect((await forwardAuth(secret)).status).toBe(200);
    const limited = await forwardAuth(secret);
    expect([limited.status, limited.headers['retry-after'], limited.body]).toEqual([429, '60', '']);
    const api = await app.request('{ viewer { id } }', {}, { token: secret });
    expect(api.status).toBe(429);
    expect(api.headers.get('retry-after')).toBe('60');
    expect(api.body.errors[0]).toMatchObject({
      message: "This token's rate limit allows no more requests now. Try again in 1 minute.",
      extensions: { code: 'RATE_LIMITED', limit: 'rate', retryAfterSeconds: 60 },
    });
    clock.advance(MINUTE);
    try {
      expect((await app.request('{ viewer { id } }', {}, { token: secret })).status).toBe(200);
    } finally {
      clock.advance(-MINUTE);
    }
  });

  it('says a used-up quota that never refills will not come back, with Retry-After at the expiry', async () => {
    const { app, generated } = await setUp();
    const { secret } = await generated({ permissions: ['profile:read'], quota: { uses: 1 }, expiration: 'DAYS_7' });
    expect((await app.request('{ viewer { id } }', {}, { token: secret })).status).toBe(200);
    const over = await app.request('{ viewer { id } }', {}, { token: secret });
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe(String((7 * DAY) / 1000));
    expect(over.body.errors[0]).toMatchObject({
      message: "This token's quota is used up, and it never refills.",
      extensions: { code: 'RATE_LIMITED', limit: 'quota', retryAfterSeconds: (7 * DAY) / 1000 },
    });
  });
});
