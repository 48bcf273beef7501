import { beforeEach, describe, expect, it } from 'vitest';
import { config } from '../src/config.js';
import { db } from '../src/db.js';
import { newId } from '../src/ids.js';
import { operatorCatalogue } from '../src/permissions/operator-catalogue.js';
import { createServiceKey } from '../src/services/service-keys.js';
import { generateTokenSecret } from '../src/tokens/format.js';
import { createTestApp, localId, MINUTE, restoreMutation, TestClock, withWrongChecksum } from './support/app.js';
import { basic, FORM, serviceEndpointsAt } from './support/service-http.js';

// POST /credentials/revoke over real HTTP, mounted as index.ts mounts it, at the test apps' clock.
const clock = new TestClock();
const { send } = serviceEndpointsAt(clock);
const HOUR = 60 * MINUTE;

const JSON_BODY: [string, string] = ['Content-Type', 'application/json'];
const SCANNER: [string, string] = ['User-Agent', 'test-scanner/1.0'];

// Reports are limited per address per hour, and every test comes from 127.0.0.1: each counts in an hour of its own.
beforeEach(() => clock.advance(HOUR));

function report(body: unknown, headers: [string, string][] = [JSON_BODY, SCANNER]) {
  return send('POST', '/credentials/revoke', headers, typeof body === 'string' ? body : JSON.stringify(body));
}

async function setUp() {
  const app = createTestApp({ clock });
  const alice = await app.signUp();
  const bob = await app.signUp();
  const permissions = ['profile:read', 'tokens:read', 'reports:read'];
  const generate = (person: { cookie: string }, name: string) =>
    app.generateToken({ cookie: person.cookie }, { name, permissions });
  return { app, alice, bob, generate };
}

const tokenRow = (id: string) => db.personalAccessToken.findUniqueOrThrow({ where: { id: localId(id) } });

/** The person hears of leaks by a webhook (tests send no email), so each notification is recorded. */
async function hearsOfLeaksByWebhook(userId: string) {
  await db.webhook.create({
    data: {
      id: newId(),
      userId: localId(userId),
      url: 'https://hooks.example.com/latchkey',
      secret: 'whsec_dGVzdA==',
      events: 'token.leaked',
      createdAt: clock.now(),
    },
  });
  await db.notificationPreference.create({
    data: { userId: localId(userId), type: 'token.leaked', email: false, webhook: true },
  });
}

const leakNotifications = (userId: string) =>
  db.notificationEvent.findMany({ where: { userId: localId(userId), type: 'token.leaked' }, orderBy: { id: 'asc' } });

describe('POST /credentials/revoke', () => {
  it('answers the same 202 bytes whether none, some or all of the candidates are live secrets', async () => {
    const { alice, bob, generate } = await setUp();
    const alicesCi = await generate(alice, 'ci');
    const bobsDeploy = await generate(bob, 'deploy');
    const alicesOther = await generate(alice, 'untouched');
    const answers = [
      await report({ credentials: [] }),
      await report({
        credentials: [withWrongChecksum(alicesOther.secret), generateTokenSecret(), 'password123', ''],
      }),
      await report({
        credentials: [alicesCi.secret, 'not a token', withWrongChecksum(bobsDeploy.secret), bobsDeploy.secret],
      }),
      await report({ credentials: [(await generate(bob, 'all real')).secret] }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(202);
      expect(answer.body).toBe('{"status":"accepted"}');
      const { date: _date, ...headers } = answer.headers;
      const { date: _firstDate, ...firstHeaders } = answers[0]?.headers ?? {};
      expect(headers).toEqual(firstHeaders);
    }
    expect(await tokenRow(alicesCi.id)).toMatchObject({ revocationReason: 'LEAKED', revokedAt: clock.now() });
    expect(await tokenRow(bobsDeploy.id)).toMatchObject({ revocationReason: 'LEAKED', revokedAt: clock.now() });
    expect(await tokenRow(alicesOther.id)).toMatchObject({ revocationReason: null, revokedAt: null });
  });

  it('refuses a reported token at once on the API and to services, and its owner cannot restore it', async () => {
    const { app, alice, generate } = await setUp();
    const leaked = await generate(alice, 'leaked');
    const reportsKey = (await createServiceKey(operatorCatalogue(), 'reports', clock.now())).secret;
    const introspect = () =>
      send(
        'POST',
        '/oauth/introspect',
        [['Authorization', basic('reports', reportsKey)], FORM],
        new URLSearchParams({ token: leaked.secret }).toString(),
      );
    // Verified, and so remembered, before the report.
    expect((await app.request('{ viewer { id } }', {}, { token: leaked.secret })).status).toBe(200);
    expect(JSON.parse((await introspect()).body).active).toBe(true);

    await report({ credentials: [leaked.secret] });

    const refused = await app.request('{ viewer { id } }', {}, { token: leaked.secret });
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].extensions.code).toBe('INVALID_TOKEN');
    expect((await introspect()).body).toBe('{"active":false}');
    const restore = await app.data(restoreMutation, { id: leaked.id }, { cookie: alice.cookie });
    expect(restore.restoreToken).toEqual({
      __typename: 'InvalidTransitionError',
      message: 'This token was revoked for your protection and cannot be restored. Generate a new one.',
    });
  });

  it('tells the owner with a token.leaked notification saying where the token was found', async () => {
    const { alice, bob, generate } = await setUp();
    const pushed = await generate(alice, 'pushed to GitHub');
    const pasted = await generate(bob, 'pasted');
    await hearsOfLeaksByWebhook(alice.userId);
    await hearsOfLeaksByWebhook(bob.userId);
    const source = 'https://github.com/example/app/blob/main/.env#L3';
    await report({ credentials: [pushed.secret], source, scanner: 'ignored extra field' });
    await report({ credentials: [pasted.secret] });

    const [toAlice, ...moreToAlice] = await leakNotifications(alice.userId);
    expect(moreToAlice).toEqual([]);
    expect(toAlice?.createdAt).toEqual(clock.now());
    expect(JSON.parse(toAlice?.payload ?? '')).toEqual({
      tokenId: localId(pushed.id),
      tokenName: 'pushed to GitHub',
      reportedFrom: source,
    });
    const [toBob] = await leakNotifications(bob.userId);
    expect(JSON.parse(toBob?.payload ?? '')).toEqual({ tokenId: localId(pasted.id), tokenName: 'pasted' });
  });

  it('audits the revocation as an anonymous reporter at their address, once however often it is reported', async () => {
    const { alice, generate } = await setUp();
    const leaked = await generate(alice, 'leaked twice');
    await hearsOfLeaksByWebhook(alice.userId);
    await report({ credentials: [leaked.secret, leaked.secret] });
    await report({ credentials: [leaked.secret] });

    const revocations = await db.auditEvent.findMany({
      where: { userId: localId(alice.userId), action: 'TOKEN_REVOKED' },
    });
    expect(revocations).toEqual([
      expect.objectContaining({
        tokenId: localId(leaked.id),
        tokenName: 'leaked twice',
        actorType: 'ANONYMOUS',
        actorId: null,
        ip: '127.0.0.1',
        userAgent: 'test-scanner/1.0',
        createdAt: clock.now(),
      }),
    ]);
    expect(await leakNotifications(alice.userId)).toHaveLength(1);
  });

  it('revokes a rotated token by its replaced secret while the overlap lasts, and not after', async () => {
    const { app, alice, generate } = await setUp();
    const rotate = (id: string) =>
      app.data(
        'mutation ($id: ID!) { rotateToken(id: $id, overlap: ONE_HOUR) { ... on RotateTokenSuccess { secret } } }',
        { id },
        { cookie: alice.cookie },
      );
    const inOverlap = await generate(alice, 'in overlap');
    await rotate(inOverlap.id);
    const pastOverlap = await generate(alice, 'past overlap');
    const { rotateToken } = await rotate(pastOverlap.id);

    await report({ credentials: [inOverlap.secret] });
    expect(await tokenRow(inOverlap.id)).toMatchObject({ revocationReason: 'LEAKED', previousDigest: null });

    clock.advance(HOUR);
    await report({ credentials: [pastOverlap.secret] });
    expect(await tokenRow(pastOverlap.id)).toMatchObject({ revokedAt: null });
    expect((await app.request('{ viewer { id } }', {}, { token: rotateToken.secret })).status).toBe(200);
  });

  it('takes at most 1,000 credentials in one report, and says so with 400', async () => {
    const thousand = Array.from({ length: 1000 }, generateTokenSecret);
    expect((await report({ credentials: thousand })).status).toBe(202);
    const tooMany = await report({ credentials: [...thousand, generateTokenSecret()] });
    expect(tooMany.status).toBe(400);
    expect(JSON.parse(tooMany.body)).toEqual({
      error: 'invalid_request',
      error_description: 'Send at most 1000 credentials per request.',
    });
  });

  it('refuses reports it cannot read with a clear 4xx', async () => {
    const refusal = async (answer: Promise<{ status: number; body: string }>) => {
      const { status, body } = await answer;
      return [status, JSON.parse(body).error_description];
    };
    const shape = 'Send a JSON object: {"credentials": ["lkpat_…", …], "source": "https://…"}.';
    const notStrings = 'credentials must be an array of strings.';
    const badSource = 'source must be one line of text of at most 2048 characters.';
    expect([
      await refusal(report({ credentials: [] }, [FORM])),
      await refusal(report({ credentials: [] }, [])),
      await refusal(report('{"credentials": [')),
      await refusal(report([generateTokenSecret()])),
      await refusal(report({})),
      await refusal(report({ credentials: 'lkpat_…' })),
      await refusal(report({ credentials: ['lkpat_…', 42] })),
      await refusal(report({ credentials: [], source: 'x'.repeat(2049) })),
      await refusal(report({ credentials: [], source: 'line one\nline two' })),
      await refusal(report({ credentials: [], source: 7 })),
      await refusal(report({ credentials: [], source: 'x'.repeat(200 * 1024) })),
      await refusal(send('GET', '/credentials/revoke', [])),
    ]).toEqual([
      [415, 'Send the report as JSON (application/json).'],
      [415, 'Send the report as JSON (application/json).'],
      [400, 'The body is not JSON.'],
      [400, shape],
      [400, notStrings],
      [400, notStrings],
      [400, notStrings],
      [400, badSource],
      [400, badSource],
      [400, badSource],
      [413, 'The body may be at most 131072 bytes.'],
      [405, 'Use POST.'],
    ]);
    // Media type parameters and a missing source are fine.
    expect(
      (await report({ credentials: [], source: null }, [['Content-Type', 'application/json; charset=utf-8']])).status,
    ).toBe(202);
  });

  it('refuses an address past its hourly limit with 429 and Retry-After until the hour ends', async () => {
    for (let sent = 0; sent < config.credentialReportsPerIpPerHour; sent++) {
      expect((await report({ credentials: [] })).status).toBe(202);
    }
    const refused = await report({ credentials: [] });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('3600');
    expect(JSON.parse(refused.body)).toEqual({ error: 'rate_limited' });
    clock.advance(HOUR - 1000);
    expect((await report({ credentials: [] })).headers['retry-after']).toBe('1');
    clock.advance(1000);
    expect((await report({ credentials: [] })).status).toBe(202);
  });
});
