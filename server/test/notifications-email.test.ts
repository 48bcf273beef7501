import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { config } from '../src/config.js';
import { db } from '../src/db.js';
import { scanForExpiringTokens } from '../src/notifications/expiry-scan.js';
import type { NotificationType } from '../src/notifications/types.js';
import { NotificationWorker } from '../src/notifications/worker.js';
import { createTestApp, DAY, localId, revokeMutation, type TestApp } from './support/app.js';
import { type Mailbox, startMailbox } from './support/mailbox.js';

const PUBLIC_URL = 'https://tokens.example.com';
const rotateMutation = `mutation ($id: ID!) {
  rotateToken(id: $id, overlap: ONE_HOUR) { __typename ... on RotateTokenSuccess { secret } }
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

beforeEach(async () => {
  mailbox.messages.length = 0;
  await db.notificationDelivery.deleteMany();
});

function workerFor(app: TestApp) {
  return new NotificationWorker({
    clock: app.clock,
    publicUrl: PUBLIC_URL,
    mail: { smtpUrl: mailbox.url, from: 'Latchkey <latchkey@example.com>' },
    allowHttpWebhooks: false,
  });
}

async function personWanting(app: TestApp, types: NotificationType[]) {
  const person = await app.signUp();
  for (const type of types) {
    await db.notificationPreference.create({
      data: { userId: localId(person.userId), type, email: true, webhook: false },
    });
  }
  return person;
}

describe('notification email', () => {
  it('tells the owner a token was revoked, with a link to it and never its secret', async () => {
    const app = createTestApp();
    const person = await personWanting(app, ['token.revoked']);
    const { id, secret } = await app.generateToken({ cookie: person.cookie }, { name: 'ci' });
    await app.data(revokeMutation, { id }, { cookie: person.cookie });

    expect(await workerFor(app).deliverDue()).toBe(1);
    expect(mailbox.messages).toHaveLength(1);
    const [mail] = mailbox.messages;
    expect(mail?.recipients).toEqual([person.email]);
    expect(mail?.parsed.from?.value).toEqual([{ name: 'Latchkey', address: 'latchkey@example.com' }]);
    expect(mail?.parsed.subject).toBe('Your token “ci” was revoked');
    expect(mail?.parsed.text).toContain(`${PUBLIC_URL}/settings/tokens/${encodeURIComponent(id)}`);
    expect(mail?.raw).not.toContain(secret);
    expect(await db.notificationDelivery.findMany({ select: { status: true, attempts: true } })).toEqual([
      { status: 'DELIVERED', attempts: 1 },
    ]);
  });

  it('tells the owner a token was rotated, without the old or the new secret', async () => {
    const app = createTestApp();
    const person = await personWanting(app, ['token.rotated']);
    const { id, secret } = await app.generateToken({ cookie: person.cookie }, { name: 'deploy' });
    const rotated = await app.data(rotateMutation, { id }, { cookie: person.cookie });

    await workerFor(app).deliverDue();
    const [mail] = mailbox.messages;
    expect(mail?.parsed.subject).toBe('Your token “deploy” was rotated');
    expect(mail?.parsed.text).toContain(`/settings/tokens/${encodeURIComponent(id)}`);
    expect(mail?.raw).not.toContain(secret);
    expect(mail?.raw).not.toContain(rotated.rotateToken.secret);
  });

  it('sends nothing by email for events the owner has not chosen (revocation is off by default)', async () => {
    const app = createTestApp();
    const person = await app.signUp();
    const { id } = await app.generateToken({ cookie: person.cookie });
    await app.data(revokeMutation, { id }, { cookie: person.cookie });

    expect(await workerFor(app).deliverDue()).toBe(0);
    expect(mailbox.messages).toEqual([]);
  });

  it('reminds 7 days and 1 day before a token expires and says when it has expired, each once', async () => {
    const app = createTestApp();
    // Reminders go by email unless turned off; the expiry itself when chosen.
    const person = await personWanting(app, ['token.expired']);
    const { id, secret } = await app.generateToken({ cookie: person.cookie }, { name: 'ci', expiration: 'DAYS_30' });
    const worker = workerFor(app);
    const subjects = async () => {
      await scanForExpiringTokens(app.clock.now());
      await scanForExpiringTokens(app.clock.now());
      await worker.deliverDue();
      // Tokens of the other tests expire too.
      return mailbox.messages.filter((mail) => mail.recipients[0] === person.email).map((mail) => mail.parsed.subject);
    };

    app.clock.advance(22 * DAY);
    expect(await subjects()).toEqual([]);
    app.clock.advance(DAY);
    expect(await subjects()).toEqual(['Your token “ci” expires in 7 days']);
    app.clock.advance(6 * DAY);
    expect(await subjects()).toEqual(['Your token “ci” expires in 7 days', 'Your token “ci” expires in 1 day']);
    app.clock.advance(DAY);
    expect(await subjects()).toEqual([
      'Your token “ci” expires in 7 days',
      'Your token “ci” expires in 1 day',
      'Your token “ci” has expired',
    ]);
    for (const mail of mailbox.messages.filter((mail) => mail.recipients[0] === person.email)) {
      expect(mail.parsed.text).toContain(`${PUBLIC_URL}/settings/tokens/${encodeURIComponent(id)}`);
      expect(mail.raw).not.toContain(secret);
    }
  });
});
