import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { config } from '../src/config.js';
import { db } from '../src/db.js';
import { NotificationWorker } from '../src/notifications/worker.js';
import { scanForInactiveTokens } from '../src/policies/inactivity-scan.js';
import { NO_POLICIES, type Policies } from '../src/policies/policies.js';
import { lastUseRecorder } from '../src/tokens/last-use.js';
import { createTestApp, DAY, localId, restoreMutation, type TestApp } from './support/app.js';
import { type Mailbox, startMailbox } from './support/mailbox.js';

const POLICIES: Policies = { ...NO_POLICIES, revokeUnusedAfterDays: 30 };
const PUBLIC_URL = 'https://tokens.example.com';
const READ_ONLY = ['profile:read', 'tokens:read'];

let mailbox: Mailbox;

beforeAll(async () => {
  mailbox = await startMailbox();
  config.smtpUrl = mailbox.url;
  config.mailFrom = 'Latchkey <latchkey@example.com>';
});

afterAll(async () => {
  await mailbox.close();
});

beforeEach(async () => {
  mailbox.messages.length = 0;
  // The scan reads every account's tokens: each test starts with none.
  await db.notificationEvent.deleteMany();
  await db.personalAccessToken.deleteMany();
});

async function setUp(policies = POLICIES) {
  const app = createTestApp({ policies });
  const person = await app.signUp();
  const session = { cookie: person.cookie };
  const generate = async (name: string, expiration = 'DAYS_90') =>
    (await app.generateToken(session, { name, expiration, permissions: READ_ONLY })).id;
  const scan = () => scanForInactiveTokens(policies, app.clock.now());
  const events = async () =>
    (
      await db.notificationEvent.findMany({
        where: { userId: localId(person.userId) },
        orderBy: { id: 'asc' },
        select: { type: true, dedupeKey: true, payload: true },
      })
    ).map(({ type, dedupeKey, payload }) => ({ type, dedupeKey, data: JSON.parse(payload) }));
  const row = (id: string) => db.personalAccessToken.findUniqueOrThrow({ where: { id: localId(id) } });
  return { app, person, session, generate, scan, events, row };
}

/** A request with the token, its last use written at once. */
async function use(app: TestApp, secret: string) {
  const response = await app.request('{ viewer { email } }', {}, { token: secret });
  expect(response.status).toBe(200);
  await lastUseRecorder.flush();
}

function workerFor(app: TestApp, policies: Policies) {
  return new NotificationWorker({
    clock: app.clock,
    publicUrl: PUBLIC_URL,
    mail: { smtpUrl: mailbox.url, from: 'Latchkey <latchkey@example.com>' },
    allowHttpWebhooks: false,
    policies,
  });
}

describe('the inactivity policy', () => {
  it('warns the owner once, 7 days before the revocation, however many replicas scan', async () => {
    const { app, generate, scan, events } = await setUp();
    const id = await generate('ci');
    const createdAt = app.clock.now();

    app.clock.advance(23 * DAY - 1);
    await scan();
    expect(await events()).toEqual([]);

    app.clock.advance(1);
    await Promise.all(Array.from({ length: 4 }, () => scan()));
    app.clock.advance(DAY);
    await scan();

    const tokenId = localId(id);
    expect(await events()).toEqual([
      {
        type: 'token.inactive',
        dedupeKey: `token.inactive:${tokenId}:${createdAt.toISOString()}`,
        data: {
          tokenId,
          tokenName: 'ci',
          lastUsedAt: null,
          createdAt: createdAt.toISOString(),
          revokesAt: new Date(createdAt.getTime() + 30 * DAY).toISOString(),
          daysLeft: 7,
          revokeUnusedAfterDays: 30,
        },
      },
    ]);
  });

  it('does not warn of a token used since, and warns again once it idles again', async () => {
    const { app, session, scan, events } = await setUp();
    const { id, secret } = await app.generateToken(session, {
      name: 'used',
      expiration: 'DAYS_90',
      permissions: READ_ONLY,
    });
    app.clock.advance(10 * DAY);
    await use(app, secret);
    const usedAt = app.clock.now();

    app.clock.advance(13 * DAY);
    await scan();
    expect(await events()).toEqual([]);

    app.clock.advance(10 * DAY);
    await scan();
    expect((await events()).map(({ dedupeKey }) => dedupeKey)).toEqual([
      `token.inactive:${localId(id)}:${usedAt.toISOString()}`,
    ]);
  });

  it('revokes a token unused for the whole period, with the reason INACTIVE, which its owner cannot undo', async () => {
    const { app, person, generate, scan, row } = await setUp();
    const unused = await generate('unused');
    app.clock.advance(30 * DAY - 1);
    expect(await scan()).toEqual({ warned: 1, revoked: 0 });
    expect((await row(unused)).revokedAt).toBeNull();

    app.clock.advance(1);
    await Promise.all([scan(), scan()]);
    expect(await row(unused)).toMatchObject({ revokedAt: app.clock.now(), revocationReason: 'INACTIVE' });
    expect(
      await db.auditEvent.findMany({
        where: { tokenId: localId(unused), action: 'TOKEN_REVOKED' },
        select: { actorType: true },
      }),
    ).toEqual([{ actorType: 'ANONYMOUS' }]);

    const cookie = await app.signIn(person);
    const restored = await app.data(restoreMutation, { id: unused }, { cookie });
    expect(restored.restoreToken.__typename).toBe('InvalidTransitionError');
    expect((await row(unused)).revocationReason).toBe('INACTIVE');
  });

  it('keeps a token that was used within the period', async () => {
    const { app, session, scan, row } = await setUp();
    const { id, secret } = await app.generateToken(session, {
      name: 'busy',
      expiration: 'DAYS_90',
      permissions: READ_ONLY,
    });
    app.clock.advance(29 * DAY);
    await use(app, secret);
    app.clock.advance(29 * DAY);
    expect(await scan()).toEqual({ warned: 1, revoked: 0 });
    expect((await row(id)).revokedAt).toBeNull();
  });

  it('does not warn of a token that expires before it would be revoked', async () => {
    const { app, generate, scan, events } = await setUp();
    await generate('short', 'DAYS_30');
    app.clock.advance(23 * DAY);
    await scan();
    expect(await events()).toEqual([]);
  });

  it('does nothing when the policy is off', async () => {
    const { app, generate, scan, events, row } = await setUp(NO_POLICIES);
    const id = await generate('idle', 'YEAR_1');
    app.clock.advance(300 * DAY);
    expect(await scan()).toEqual({ warned: 0, revoked: 0 });
    expect(await events()).toEqual([]);
    expect((await row(id)).revokedAt).toBeNull();
  });

  it('is applied by the notification worker, which emails the warning and then the revocation', async () => {
    const { app, person, generate } = await setUp();
    await db.notificationPreference.create({
      data: { userId: localId(person.userId), type: 'token.revoked', email: true, webhook: false },
    });
    const id = await generate('nightly');

    app.clock.advance(23 * DAY);
    await workerFor(app, POLICIES).start().stop();
    await workerFor(app, POLICIES).deliverDue();
    app.clock.advance(7 * DAY);
    await workerFor(app, POLICIES).start().stop();
    await workerFor(app, POLICIES).deliverDue();

    expect(mailbox.messages.map((mail) => [mail.recipients, mail.parsed.subject])).toEqual([
      [[person.email], 'Your token “nightly” will be revoked in 7 days unless it is used'],
      [[person.email], 'Your token “nightly” was revoked'],
    ]);
    const [warning, revocation] = mailbox.messages;
    expect(warning?.parsed.text).toContain('This server revokes tokens unused for 30 days');
    expect(warning?.parsed.text).toContain(`${PUBLIC_URL}/settings/tokens/${encodeURIComponent(id)}`);
    expect(revocation?.parsed.text).toContain('it went unused for longer than this server allows');
  });
});
