import { describe, expect, it } from 'vitest';
import { activityRecorder } from '../src/activity/recorder.js';
import { db } from '../src/db.js';
import { operatorCatalogue } from '../src/permissions/operator-catalogue.js';
import { sweepExpiredRows } from '../src/security/sweep.js';
import { createServiceKey } from '../src/services/service-keys.js';
import { type Credentials, createTestApp, DAY, localId, TestClock } from './support/app.js';
import { basic, FORM, serviceEndpointsAt } from './support/service-http.js';

// Issue 17's activity history and new-address alerts, from uses of Latchkey's own API and of a service.
const clock = new TestClock();
const { send } = serviceEndpointsAt(clock);

const activityQuery = `query ($id: ID!, $days: Int!) {
  node(id: $id) {
    ... on PersonalAccessToken {
      activity(days: $days) {
        days { day requests counts { service operation requests } }
        addresses { address requests newNetwork firstSeenAt lastSeenAt }
      }
    }
  }
}`;

async function setUp() {
  const app = createTestApp({ clock });
  const person = await app.signUp();
  const session: Credentials = { cookie: person.cookie };
  const { id, secret } = await app.generateToken(session, { permissions: ['profile:read', 'reports:read'] });
  const reportsKey = (await createServiceKey(operatorCatalogue(), 'reports', clock.now())).secret;
  const useApi = (remoteAddress: string, query = 'query Whoami { viewer { id } }') =>
    app.data(query, {}, { token: secret, remoteAddress });
  const useService = (clientAddress: string) =>
    send(
      'POST',
      '/oauth/introspect',
      [['Authorization', basic('reports', reportsKey)], FORM],
      new URLSearchParams({ token: secret, latchkey_client_address: clientAddress }).toString(),
    );
  const activity = async (days = 2) => {
    await activityRecorder.flush();
    return (await app.data(activityQuery, { id, days }, session)).node.activity;
  };
  const alerts = async () => ({
    audited: await db.auditEvent.count({ where: { tokenId: localId(id), action: 'TOKEN_USED_FROM_NEW_ADDRESS' } }),
    notified: await db.notificationEvent.count({
      where: { userId: localId(person.userId), type: 'token.used_from_new_address' },
    }),
  });
  return { app, session, id, useApi, useService, activity, alerts };
}

describe("a token's activity", () => {
  it('counts requests per day by service and by GraphQL operation, with unused days at zero', async () => {
    const { useApi, useService, activity } = await setUp();
    await useApi('203.0.113.5');
    await useApi('203.0.113.5');
    await useApi('203.0.113.5', '{ viewer { email } }');
    expect(JSON.parse((await useService('203.0.113.5')).body).active).toBe(true);
    const { days } = await activity(2);
    expect(days).toEqual([
      { day: '2026-01-14', requests: 0, counts: [] },
      {
        day: '2026-01-15',
        requests: 4,
        counts: [
          { service: 'latchkey', operation: 'Whoami', requests: 2 },
          { service: 'latchkey', operation: 'Anonymous', requests: 1 },
          { service: 'reports', operation: null, requests: 1 },
        ],
      },
    ]);
  });

  it('adds up across flushes and lists addresses most recently used first', async () => {
    const { useApi, activity } = await setUp();
    await useApi('198.51.100.7');
    await activity();
    clock.advance(60_000);
    try {
      await useApi('198.51.100.8');
      await useApi('198.51.100.7');
      const { days, addresses } = await activity(1);
      expect(days).toEqual([
        { day: '2026-01-15', requests: 3, counts: [{ service: 'latchkey', operation: 'Whoami', requests: 3 }] },
      ]);
      expect(
        addresses.map(({ address, requests }: { address: string; requests: number }) => [address, requests]),
      ).toEqual([
        ['198.51.100.7', 2],
        ['198.51.100.8', 1],
      ]);
    } finally {
      clock.advance(-60_000);
    }
  });

  it('takes an operation name that is not a string for none: a clear 400, never a crash', async () => {
    const { app, activity } = await setUp();
    const { secret } = await app.generateToken({ cookie: (await app.signUp()).cookie }, { name: 'odd names' });
    for (const operationName of [{ toString: 0 }, 7, ['Whoami']]) {
      const response = await app.yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify({ query: 'query Whoami { viewer { id } }', operationName }),
      });
      expect(response.status).toBe(400);
      expect((await response.json()).errors[0].extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
    }
    // The first token of the set-up was not used: its history stays empty.
    expect((await activity(1)).days).toEqual([{ day: '2026-01-15', requests: 0, counts: [] }]);
  });

  it('refuses a period outside 1 to 90 days', async () => {
    const { app, session, id } = await setUp();
    const answer = await app.request(activityQuery, { id, days: 91 }, session);
    expect(answer.body.errors[0].message).toBe('Choose from 1 to 90 days.');
  });

  it('keeps 90 days: the sweep deletes older counts and addresses not used since', async () => {
    const { useApi, activity, id } = await setUp();
    await useApi('192.0.2.10');
    await activity();
    await sweepExpiredRows(new Date(clock.now().getTime() + 90 * DAY));
    expect(await db.tokenActivity.count({ where: { tokenId: localId(id) } })).toBe(1);
    await sweepExpiredRows(new Date(clock.now().getTime() + 91 * DAY));
    expect(await db.tokenActivity.count({ where: { tokenId: localId(id) } })).toBe(0);
    expect(await db.tokenAddress.count({ where: { tokenId: localId(id) } })).toBe(0);
  });
});

describe('new-address alerts', () => {
  it('alert nobody on the first use, nor from another address of a known network', async () => {
    const { useApi, useService, activity, alerts } = await setUp();
    await useApi('203.0.113.5');
    await activity();
    await useApi('203.0.113.99');
    await useService('::ffff:203.0.113.200');
    await activity();
    expect(await alerts()).toEqual({ audited: 0, notified: 0 });
  });

  it('tell the owner once when a token is used from a new /24 or /64, and mark the address', async () => {
    const { useApi, useService, activity, alerts } = await setUp();
    await useApi('203.0.113.5');
    await activity();
    await useApi('198.51.100.1');
    await useService('198.51.100.2');
    await useApi('2001:db8:1:2::1');
    await useApi('2001:db8:1:2::ffff');
    const { addresses } = await activity();
    expect(await alerts()).toEqual({ audited: 2, notified: 2 });
    const marked = addresses
      .filter(({ newNetwork }: { newNetwork: boolean }) => newNetwork)
      .map(({ address }: { address: string }) => address)
      .sort();
    expect(marked).toEqual(['198.51.100.1', '2001:db8:1:2::1']);
    // The same networks again, later: nothing new.
    await useApi('198.51.100.3');
    await activity();
    expect(await alerts()).toEqual({ audited: 2, notified: 2 });
  });
});
