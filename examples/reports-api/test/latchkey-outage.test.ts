import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteDatabase, type TestDatabase } from './support/databases.js';
import {
  type Account,
  createServiceKey,
  mintToken,
  type RunningLatchkey,
  revokeToken,
  signUp,
  startLatchkey,
} from './support/latchkey.js';
import { askReports, createReport, type RunningReportsApi, startReportsApi } from './support/reports-api.js';
import { refusedAfterRevoke } from './support/revocation.js';

// Short, so the test sees the end of it; the package's default is 10 s.
const GRACE_MS = 1500;

let database: TestDatabase;
let latchkey: RunningLatchkey;
let reportsApi: RunningReportsApi;
let account: Account;

beforeAll(async () => {
  database = createSqliteDatabase();
  const serviceKey = await createServiceKey(database.url);
  latchkey = await startLatchkey(database.url);
  reportsApi = await startReportsApi({ latchkeyUrl: latchkey.url, serviceKey, disconnectedGraceMs: GRACE_MS });
  await reportsApi.untilOutput(/revocation stream ready/);
  account = await signUp(latchkey);
});

afterAll(async () => {
  await reportsApi?.stop();
  await latchkey?.stop();
  await database?.drop();
});

const status = async (secret: string, query?: string) =>
  (await askReports(reportsApi, secret, query, { title: 'During the outage' })).status;

describe('the reports API while Latchkey is down', () => {
  it('serves cached tokens for the grace period only, refuses what it cannot check, and recovers when Latchkey returns', async () => {
    const cached = await mintToken(latchkey, account, ['reports:read']);
    const neverSeen = await mintToken(latchkey, account, ['reports:write']);
    const revokedBefore = await mintToken(latchkey, account, ['reports:read']);
    expect(await status(cached.secret)).toBe(200);
    expect(await status(revokedBefore.secret)).toBe(200);
    await refusedAfterRevoke(
      () => revokeToken(latchkey, account, revokedBefore),
      () => status(revokedBefore.secret),
    );

    await latchkey.kill();
    await reportsApi.untilOutput(/revocation stream lost/);
    const lostSeenAt = performance.now();

    // What Latchkey would refuse stays refused; what cannot be checked is unavailable, never accepted.
    expect(await status(cached.secret, createReport)).toBe(403);
    expect(await status(neverSeen.secret)).toBe(503);
    expect(await status(revokedBefore.secret)).toBe(503);
    expect(await status(`${cached.secret.slice(0, -1)}${cached.secret.endsWith('a') ? 'b' : 'a'}`)).toBe(401);

    // The cached token keeps working, for at most the grace period counted from the loss.
    let acceptedDuringOutage = 0;
    for (;;) {
      const sentAt = performance.now();
      const answer = await status(cached.secret);
      if (answer === 503) break;
      expect(answer).toBe(200);
      expect(sentAt - lostSeenAt, 'a cached token was accepted past the grace period').toBeLessThan(GRACE_MS);
      acceptedDuringOutage++;
    }
    expect(acceptedDuringOutage).toBeGreaterThan(0);
    await reportsApi.untilOutput(/grace period over/);
    expect(await status(cached.secret)).toBe(503);

    // Latchkey comes back on the same address: the stream reconnects and revocations reach the service again.
    latchkey = await startLatchkey(database.url, latchkey.port);
    await reportsApi.untilOutput(/revocation stream ready/, 2);
    expect(await status(cached.secret)).toBe(200);
    expect(await status(neverSeen.secret, createReport)).toBe(200);
    expect(await status(revokedBefore.secret)).toBe(401);
    await refusedAfterRevoke(
      () => revokeToken(latchkey, account, cached),
      () => status(cached.secret),
    );
  });
});
