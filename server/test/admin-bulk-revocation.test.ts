import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setAdministrator } from '../src/admin/administrators.js';
import { config } from '../src/config.js';
import { db } from '../src/db.js';
import { NotificationWorker } from '../src/notifications/worker.js';
import { operatorCatalogue } from '../src/permissions/operator-catalogue.js';
import { createServiceKey } from '../src/services/service-keys.js';
import { globalIdFor } from '../src/synchronous-global-ids.js';
import { invalidationPayloads } from '../src/tokens/invalidation.js';
import { revokeTokensInBatches, type TokenBatches } from '../src/tokens/revocation.js';
import { fromTheShell } from './support/admin-matrix.js';
import {
  type Credentials,
  createTestApp,
  localId,
  MINUTE,
  restoreMutation,
  revokeMutation,
  TestClock,
} from './support/app.js';
import { testDatabaseUrl, testEngine } from './support/database.js';
import { type Mailbox, startMailbox } from './support/mailbox.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';
import { basic, serviceEndpointsAt } from './support/service-http.js';

const clock = new TestClock();
const endpoints = serviceEndpointsAt(clock);
const viewerQuery = '{ viewer { email } }';

const bulkRevocation = `mutation ($input: RevokeTokensAsAdministratorInput!) {
  revokeTokensAsAdministrator(input: $input) {
    __typename
    ... on RevokeTokensAsAdministratorSuccess { revokedCount }
    ... on ValidationError { fieldErrors { path message } }
  }
}`;

let mailbox: Mailbox;

beforeAll(async () => {
  mailbox = await startMailbox();
  // As LATCHKEY_SMTP_URL and LATCHKEY_MAIL_FROM would set them: events then get email deliveries.
  config.smtpUrl = mailbox.url;
  config.mailFrom = 'Latchkey <latchkey@example.com>';
});

afterAll(async () => {
  await mailbox.close();
});

const openStreams = new Set<AbortController>();
afterEach(() => {
  for (const stream of openStreams) stream.abort();
  openStreams.clear();
});

async function setUp(app = createTestApp({ clock })) {
  const administrator = await app.signUp();
  await setAdministrator(administrator.email, true, fromTheShell());
  const owner = await app.signUp();
  const session = { cookie: administrator.cookie };
  const revoke = async (input: Record<string, unknown>, credentials: Credentials = session) =>
    (await app.data(bulkRevocation, { input }, credentials)).revokeTokensAsAdministrator;
  return { app, administrator, owner, session, revoke };
}

const tokenRow = (globalId: string) =>
  db.personalAccessToken.findUniqueOrThrow({
    where: { id: localId(globalId) },
    select: { revokedAt: true, revocationReason: true, revocationMessage: true, pendingApprovalSince: true },
  });

/** A connected service's revocation stream: the `token_id` of every `invalidated` event it has heard. */
async function connectVerifier() {
  const key = await createServiceKey(operatorCatalogue(), 'reports', clock.now());
  const stopped = new AbortController();
  openStreams.add(stopped);
  const response = await fetch(`${endpoints.base()}/oauth/revocations`, {
    headers: { Authorization: basic('reports', key.secret) },
    signal: stopped.signal,
  });
  expect(response.status).toBe(200);
  const invalidated = new Set<string>();
  let ready = false;
  void (async () => {
    const decoder = new TextDecoder();
    let pending = '';
    for await (const chunk of response.body as ReadableStream<Uint8Array>) {
      const blocks = (pending + decoder.decode(chunk, { stream: true })).split('\n\n');
      pending = blocks.pop() ?? '';
      for (const block of blocks) {
        if (block.startsWith('event: ready')) ready = true;
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (block.startsWith('event: invalidated') && data) invalidated.add(JSON.parse(data).token_id);
      }
    }
  })().catch(() => undefined);
  await vi.waitFor(() => expect(ready).toBe(true));
  return invalidated;
}

describe('revokeTokensAsAdministrator', () => {
  it('revokes the usable and pending tokens given by id with reason ADMIN and the message, skipping the others uncounted', async () => {
    const { app, owner, revoke } = await setUp();
    const ownerSession = { cookie: owner.cookie };
    const [usable, pending, revoked, expired] = await Promise.all(
      ['usable', 'pending', 'revoked', 'expired'].map((name) => app.generateToken(ownerSession, { name })),
    );
    if (!usable || !pending || !revoked || !expired) throw new Error('tokens were not generated');
    await db.personalAccessToken.update({
      where: { id: localId(pending.id) },
      data: { pendingApprovalSince: clock.now() },
    });
    await app.data(revokeMutation, { id: revoked.id }, ownerSession);
    await db.personalAccessToken.update({ where: { id: localId(expired.id) }, data: { expiresAt: clock.now() } });

    const outcome = await revoke({
      tokenIds: [usable.id, pending.id, revoked.id, expired.id, usable.id],
      message: '  Rotating every credential after the incident of 14 January.  ',
    });

    expect(outcome).toEqual({ __typename: 'RevokeTokensAsAdministratorSuccess', revokedCount: 2 });
    const byAdministrator = {
      revokedAt: clock.now(),
      revocationReason: 'ADMIN',
      revocationMessage: 'Rotating every credential after the incident of 14 January.',
      pendingApprovalSince: null,
    };
    expect(await tokenRow(usable.id)).toEqual(byAdministrator);
    expect(await tokenRow(pending.id)).toEqual(byAdministrator);
    expect(await tokenRow(revoked.id)).toMatchObject({ revocationReason: 'OWNER', revocationMessage: null });
    expect(await tokenRow(expired.id)).toMatchObject({ revokedAt: null, revocationMessage: null });
  });

  it('stops a token on the very next request, and its owner cannot restore it', async () => {
    const { app, owner, revoke } = await setUp();
    const ownerSession = { cookie: owner.cookie };
    const token = await app.generateToken(ownerSession, { name: 'cached' });
    expect((await app.request(viewerQuery, {}, { token: token.secret })).status).toBe(200);

    await revoke({ tokenIds: [token.id], message: 'Leaked in a build log.' });

    expect((await app.request(viewerQuery, {}, { token: token.secret })).status).toBe(401);
    const restored = await app.data(restoreMutation, { id: token.id }, ownerSession);
    expect(restored.restoreToken).toEqual({
      __typename: 'InvalidTransitionError',
      message: 'This token was revoked for your protection and cannot be restored. Generate a new one.',
    });
    expect((await app.request(viewerQuery, {}, { token: token.secret })).status).toBe(401);
  });

  it('revokes every token the filter selects, of that owner only', async () => {
    const { app, owner, revoke } = await setUp();
    const bystander = await app.signUp();
    const owned = [
      await app.generateToken({ cookie: owner.cookie }, { name: 'one' }),
      await app.generateToken({ cookie: owner.cookie }, { name: 'two' }),
    ];
    const other = await app.generateToken({ cookie: bystander.cookie }, { name: 'untouched' });

    const outcome = await revoke({ filter: { ownerEmail: owner.email.toUpperCase() }, message: 'Offboarded.' });

    expect(outcome.revokedCount).toBe(2);
    for (const token of owned) expect((await tokenRow(token.id)).revocationReason).toBe('ADMIN');
    expect(await tokenRow(other.id)).toMatchObject({ revokedAt: null });
    // Nothing left to revoke: the same filter again counts nothing.
    expect((await revoke({ filter: { ownerEmail: owner.email }, message: 'Again.' })).revokedCount).toBe(0);
  });

  it('revokes by permission only the tokens holding it, found through the index of holders', async () => {
    const { app, owner, revoke } = await setUp();
    const auditor = await app.generateToken({ cookie: owner.cookie }, { name: 'auditor', permissions: ['audit:read'] });
    const reader = await app.generateToken({ cookie: owner.cookie }, { name: 'reader', permissions: ['tokens:read'] });

    const filter = { ownerEmail: owner.email, permission: 'audit:read' };
    expect((await revoke({ filter, message: 'Audit access ends.' })).revokedCount).toBe(1);
    expect((await tokenRow(auditor.id)).revocationReason).toBe('ADMIN');
    expect(await tokenRow(reader.id)).toMatchObject({ revokedAt: null });
  });

  it("audits a TOKEN_REVOKED per token in each owner's log and one TOKENS_REVOKED_IN_BULK in the administrator's", async () => {
    const { app, administrator, owner, session, revoke } = await setUp();
    const second = await app.signUp();
    const tokens = [
      await app.generateToken({ cookie: owner.cookie }, { name: 'first' }),
      await app.generateToken({ cookie: owner.cookie }, { name: 'second' }),
      await app.generateToken({ cookie: second.cookie }, { name: 'third' }),
    ];
    await revoke({ tokenIds: tokens.map((token) => token.id), message: 'Audit me.' });

    const logOf = async (credentials: Credentials) =>
      (
        await app.data(
          `{ viewer { auditEvents(action: [TOKEN_REVOKED, TOKENS_REVOKED_IN_BULK]) {
            edges { node { action actorType tokenName administratorEmail subjectEmail } }
          } } }`,
          {},
          credentials,
        )
      ).viewer.auditEvents.edges.map((edge: { node: unknown }) => edge.node);
    const revokedBy = (subjectEmail: string) => (tokenName: string) => ({
      action: 'TOKEN_REVOKED',
      actorType: 'SESSION',
      tokenName,
      administratorEmail: administrator.email,
      subjectEmail,
    });
    expect(await logOf({ cookie: owner.cookie })).toEqual(
      expect.arrayContaining(['first', 'second'].map(revokedBy(owner.email))),
    );
    expect(await logOf({ cookie: owner.cookie })).toHaveLength(2);
    expect(await logOf({ cookie: second.cookie })).toEqual(['third'].map(revokedBy(second.email)));
    expect(await logOf(session)).toEqual([
      {
        action: 'TOKENS_REVOKED_IN_BULK',
        actorType: 'SESSION',
        tokenName: null,
        administratorEmail: administrator.email,
        subjectEmail: null,
      },
    ]);
  });

  it("tells each owner once, by email, with the administrator's message", async () => {
    const { app, owner, revoke } = await setUp();
    const single = await app.signUp();
    for (const person of [owner, single]) {
      await db.notificationPreference.create({
        data: { userId: localId(person.userId), type: 'token.revoked', email: true, webhook: false },
      });
    }
    const names = Array.from({ length: 23 }, (_, index) => `deploy ${String(index).padStart(2, '0')}`);
    const tokens: { id: string; secret: string }[] = [];
    for (const name of names) tokens.push(await app.generateToken({ cookie: owner.cookie }, { name }));
    const alone = await app.generateToken({ cookie: single.cookie }, { name: 'laptop' });
    mailbox.messages.length = 0;
    await db.notificationDelivery.deleteMany();

    await revoke({
      tokenIds: [...tokens, alone].map((token) => token.id),
      message: 'Our CI provider was breached; generate new tokens.',
    });
    const worker = new NotificationWorker({
      clock,
      publicUrl: 'https://tokens.example.com',
      mail: { smtpUrl: mailbox.url, from: 'Latchkey <latchkey@example.com>' },
      allowHttpWebhooks: false,
    });
    expect(await worker.deliverDue()).toBe(2);

    const mailTo = (email: string) => mailbox.messages.filter((mail) => mail.recipients[0] === email);
    expect(mailTo(owner.email)).toHaveLength(1);
    const [bulk] = mailTo(owner.email);
    expect(bulk?.parsed.subject).toBe('23 of your tokens were revoked');
    expect(bulk?.parsed.text).toContain(
      "The administrator's message: Our CI provider was breached; generate new tokens.",
    );
    for (const name of [...names].sort().slice(0, 20)) expect(bulk?.parsed.text).toContain(`- “${name}”`);
    expect(bulk?.parsed.text).toContain('- and 3 more');
    const [one] = mailTo(single.email);
    expect(one?.parsed.subject).toBe('Your token “laptop” was revoked');
    expect(one?.parsed.text).toContain('was revoked: an administrator revoked it.');
    expect(one?.parsed.text).toContain(
      "The administrator's message: Our CI provider was breached; generate new tokens.",
    );
    expect(one?.parsed.text).toContain(`/settings/tokens/${encodeURIComponent(alone.id)}`);
  });

  it('announces the batches it finished when a later one fails, and reports the failure', async () => {
    const { app, administrator, owner } = await setUp();
    await db.notificationPreference.create({
      data: { userId: localId(owner.userId), type: 'token.revoked', email: true, webhook: false },
    });
    const tokens = [
      await app.generateToken({ cookie: owner.cookie }, { name: 'done' }),
      await app.generateToken({ cookie: owner.cookie }, { name: 'never reached' }),
    ];
    const [first, second] = tokens.map((token) => localId(token.id)).sort() as [string, string];
    const failure = new Error('the database went away');
    const batches: TokenBatches = async (afterId) => {
      if (afterId === null) return [first];
      throw failure;
    };
    const revocation = {
      reason: 'ADMIN' as const,
      actor: { type: 'SESSION' as const, id: null },
      origin: { ip: null, userAgent: 'test' },
      at: clock.now(),
      message: 'Half done.',
      administrator: { userId: localId(administrator.userId), email: administrator.email },
    };
    const atTheEnd: number[] = [];
    await expect(
      revokeTokensInBatches(batches, revocation, async (_tx, count) => void atTheEnd.push(count), 1),
    ).rejects.toBe(failure);

    expect(atTheEnd).toEqual([1]);
    expect(await db.personalAccessToken.findUniqueOrThrow({ where: { id: first } })).toMatchObject({
      revocationReason: 'ADMIN',
    });
    expect(await db.personalAccessToken.findUniqueOrThrow({ where: { id: second } })).toMatchObject({
      revokedAt: null,
    });
    const announced = await db.notificationEvent.findMany({
      where: { userId: localId(owner.userId), type: 'token.revoked' },
    });
    expect(announced).toHaveLength(1);
    expect(JSON.parse(announced[0]?.payload ?? '{}')).toMatchObject({ tokenName: 'done', message: 'Half done.' });
  });

  it('reaches a connected verifier: its revocation stream hears every token revoked', async () => {
    const { app, owner, revoke } = await setUp();
    const tokens: { id: string; secret: string }[] = [];
    for (let index = 0; index < 5; index++) tokens.push(await app.generateToken({ cookie: owner.cookie }));
    const invalidated = await connectVerifier();

    await revoke({ tokenIds: tokens.map((token) => token.id), message: 'Heard by every service.' });

    await vi.waitFor(() => expect([...invalidated].sort()).toEqual(tokens.map((token) => token.id).sort()));
  });

  it.each([
    [
      { message: 'Neither.' },
      [{ path: ['input'], message: 'Select the tokens either by `tokenIds` or by `filter`: exactly one.' }],
    ],
    [
      { tokenIds: [], filter: {}, message: 'Both.' },
      [{ path: ['input'], message: 'Select the tokens either by `tokenIds` or by `filter`: exactly one.' }],
    ],
    [
      { filter: {}, message: '   ' },
      [{ path: ['input', 'message'], message: 'The message to the owners is 1 to 500 characters.' }],
    ],
    [
      { filter: {}, message: 'x'.repeat(501) },
      [{ path: ['input', 'message'], message: 'The message to the owners is 1 to 500 characters.' }],
    ],
    [
      { tokenIds: ['not-a-token'], message: 'Bad id.' },
      [{ path: ['input', 'tokenIds', '0'], message: 'This is not the id of a token.' }],
    ],
    [
      { filter: { unusedForDays: 0 }, message: 'Bad filter.' },
      [{ path: ['input', 'filter', 'unusedForDays'], message: '`unusedForDays` must be between 1 and 3650 days.' }],
    ],
  ])('refuses %j as a ValidationError and revokes nothing', async (input, fieldErrors) => {
    const { app, owner, revoke } = await setUp();
    const token = await app.generateToken({ cookie: owner.cookie });
    expect(await revoke(input)).toEqual({ __typename: 'ValidationError', fieldErrors });
    expect(await tokenRow(token.id)).toMatchObject({ revokedAt: null });
  });

  it('asks a session for a recent password first, and revokes nothing meanwhile', async () => {
    const app = createTestApp({ clock: new TestClock() });
    const { owner, revoke } = await setUp(app);
    const token = await app.generateToken({ cookie: owner.cookie });
    app.clock.advance(10 * MINUTE + 1);
    expect(await revoke({ tokenIds: [token.id], message: 'Too late.' })).toEqual({
      __typename: 'ReauthenticationRequiredError',
    });
    expect(await tokenRow(token.id)).toMatchObject({ revokedAt: null });
  });
});

describe.runIf(testEngine === 'postgresql')('a bulk revocation on another replica', () => {
  let replica: RunningServer;

  beforeAll(async () => {
    // A cache lifetime far beyond the test: only the revocation messages between replicas can explain a refusal.
    replica = await startServerProcess({ DATABASE_URL: testDatabaseUrl, LATCHKEY_TOKEN_CACHE_TTL_SECONDS: '3600' });
  });

  afterAll(async () => {
    await replica?.stop();
  });

  const onReplica = (secret: string) =>
    fetch(replica.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: viewerQuery }),
    }).then((response) => response.status);

  it('stops its tokens there too, across batches and packed messages', async () => {
    // The replica judges expiry by the real clock.
    const app = createTestApp({ clock: new TestClock(new Date()) });
    const { owner, revoke } = await setUp(app);
    const checked = [
      await app.generateToken({ cookie: owner.cookie }, { name: 'first' }),
      await app.generateToken({ cookie: owner.cookie }, { name: 'last' }),
    ];
    for (const token of checked) expect(await onReplica(token.secret)).toBe(200);
    // Enough more to take several batches and several NOTIFY payloads.
    await seedTokens(checked[0]?.id as string, 2500, '198.51.100.2');

    const outcome = await revoke({ filter: { ownerEmail: owner.email }, message: 'Everywhere.' });

    expect(outcome.revokedCount).toBe(2502);
    const revokedAt = performance.now();
    for (const token of checked) {
      while ((await onReplica(token.secret)) === 200) {
        expect(performance.now() - revokedAt, 'the other replica still accepts a revoked token').toBeLessThan(5000);
      }
    }
  });
});

/**
 * `count` more tokens like `template` (one of the app's, so every column is as the engine stores it), inserted ten
 * thousand rows per statement, all created from `createdFromAddress`; their ids in order.
 */
async function seedTokens(template: string, count: number, createdFromAddress: string): Promise<string[]> {
  for (let start = 0; start < count; start += 10_000) {
    const rows = Math.min(10_000, count - start);
    await db.$executeRawUnsafe(
      `INSERT INTO "PersonalAccessToken"
        ("id", "userId", "name", "nameKey", "digest", "hint", "permissions", "createdAt", "expiresAt", "createdFromAddress")
      WITH RECURSIVE series(n) AS (SELECT ${start + 1} UNION ALL SELECT n + 1 FROM series WHERE n < ${start + rows})
      SELECT t."id" || 'x' || CAST(n + 10000000 AS TEXT), t."userId", 'seeded ' || CAST(n AS TEXT),
        'seeded ' || CAST(n AS TEXT), t."digest" || CAST(n AS TEXT), t."hint", t."permissions", t."createdAt",
        t."expiresAt", '${createdFromAddress}'
      FROM "PersonalAccessToken" AS t, series WHERE t."id" = '${localId(template)}'`,
    );
  }
  const seeded = await db.personalAccessToken.findMany({
    where: { createdFromAddress, id: { startsWith: `${localId(template)}x` } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return seeded.map(({ id }) => id);
}

describe('a bulk revocation of 100,000 tokens', () => {
  it('completes in one call, in batches, and every connected verifier hears each token', {
    timeout: 600_000,
  }, async () => {
    const { app, revoke } = await setUp();
    const ids: string[] = [];
    for (let owner = 0; owner < 4; owner++) {
      const person = await app.signUp();
      const template = await app.generateToken({ cookie: person.cookie }, { name: 'template' });
      ids.push(...(await seedTokens(template.id, 25_000, '203.0.113.77')));
    }
    const invalidated = await connectVerifier();

    const auditedBefore = await db.auditEvent.count({ where: { action: 'TOKEN_REVOKED' } });
    const started = performance.now();
    const outcome = await revoke({ filter: { createdFromAddress: '203.0.113.77' }, message: 'Mass revocation.' });
    const took = performance.now() - started;

    expect(outcome).toEqual({ __typename: 'RevokeTokensAsAdministratorSuccess', revokedCount: 100_000 });
    expect(
      await db.personalAccessToken.count({
        where: { createdFromAddress: '203.0.113.77', revocationReason: 'ADMIN', revocationMessage: 'Mass revocation.' },
      }),
    ).toBe(100_000);
    expect((await db.auditEvent.count({ where: { action: 'TOKEN_REVOKED' } })) - auditedBefore).toBe(100_000);
    await vi.waitFor(() => expect(invalidated.size).toBe(100_000), { timeout: 60_000, interval: 50 });
    for (const id of [ids[0], ids[54_321], ids.at(-1)]) {
      expect(invalidated.has(globalIdFor('PersonalAccessToken', id as string))).toBe(true);
    }
    console.info(`${testEngine}: 100,000 tokens revoked in ${(took / 1000).toFixed(1)} s`);
  });
});

describe("a bulk revocation's messages to the other replicas", () => {
  it("pack every id once, space-separated, each under PostgreSQL's 8000-byte limit", () => {
    const tokenIds = Array.from({ length: 2500 }, (_, index) => `${'0'.repeat(20)}${index}`);
    const payloads = invalidationPayloads(tokenIds);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(payloads.flatMap((payload) => payload.split(' '))).toEqual(tokenIds);
  });
});
