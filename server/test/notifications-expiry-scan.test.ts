import { describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { scanForExpiringTokens } from '../src/notifications/expiry-scan.js';
import { createTestApp, DAY, localId, revokeMutation } from './support/app.js';

const rotateMutation = `mutation ($id: ID!) { rotateToken(id: $id, overlap: NONE) { __typename } }`;

async function personWithToken(expiration = 'DAYS_30') {
  const app = createTestApp();
  const person = await app.signUp();
  const { id } = await app.generateToken({ cookie: person.cookie }, { name: 'ci', expiration });
  const events = () =>
    db.notificationEvent.findMany({
      where: { userId: localId(person.userId) },
      orderBy: { createdAt: 'asc' },
      select: { type: true, dedupeKey: true, payload: true },
    });
  return { app, person, id, tokenId: localId(id), events };
}

describe('the expiry scan', () => {
  it('records each reminder once, however many replicas scan at the same moment', async () => {
    const { app, tokenId, events } = await personWithToken();
    app.clock.advance(23 * DAY);
    const scans = () => Promise.all(Array.from({ length: 4 }, () => scanForExpiringTokens(app.clock.now())));

    await scans();
    app.clock.advance(6 * DAY);
    await scans();
    app.clock.advance(DAY);
    await scans();

    const expiresAt = new Date('2026-02-14T12:00:00.000Z');
    expect(await events()).toEqual([
      {
        type: 'token.expiring',
        dedupeKey: `token.expiring:${tokenId}:${expiresAt.toISOString()}:7d`,
        payload: JSON.stringify({ tokenId, tokenName: 'ci', expiresAt: expiresAt.toISOString(), daysLeft: 7 }),
      },
      {
        type: 'token.expiring',
        dedupeKey: `token.expiring:${tokenId}:${expiresAt.toISOString()}:1d`,
        payload: JSON.stringify({ tokenId, tokenName: 'ci', expiresAt: expiresAt.toISOString(), daysLeft: 1 }),
      },
      {
        type: 'token.expired',
        dedupeKey: `token.expired:${tokenId}`,
        payload: JSON.stringify({ tokenId, tokenName: 'ci', expiresAt: expiresAt.toISOString(), daysLeft: 0 }),
      },
    ]);
  });

  it('does not remind of a revoked token', async () => {
    const { app, person, id, events } = await personWithToken();
    await app.data(revokeMutation, { id }, { cookie: person.cookie });
    app.clock.advance(29 * DAY);
    await scanForExpiringTokens(app.clock.now());
    app.clock.advance(2 * DAY);
    await scanForExpiringTokens(app.clock.now());
    expect(await events()).toEqual([]);
  });

  it('does not remind 7 days ahead of a token made to last 7 days, only a day ahead', async () => {
    const { app, events } = await personWithToken('DAYS_7');
    await scanForExpiringTokens(app.clock.now());
    app.clock.advance(6 * DAY);
    await scanForExpiringTokens(app.clock.now());
    expect((await events()).map(({ dedupeKey }) => dedupeKey?.split(':').at(-1))).toEqual(['1d']);
  });

  it('reminds again of a rotated token, for its new expiry', async () => {
    const { app, person, id, events } = await personWithToken();
    app.clock.advance(24 * DAY);
    await scanForExpiringTokens(app.clock.now());
    await app.data(rotateMutation, { id }, { cookie: await app.signIn(person) });
    app.clock.advance(24 * DAY);
    await scanForExpiringTokens(app.clock.now());
    expect((await events()).map(({ type }) => type)).toEqual(['token.expiring', 'token.expiring']);
  });
});
