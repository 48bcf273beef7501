import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CountingProxy, startCountingProxy } from './support/counting-proxy.js';
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
import { describeRefusals, type Refusal, refusedAfterRevoke } from './support/revocation.js';

let database: TestDatabase;
let latchkey: RunningLatchkey;
let proxy: CountingProxy;
// Through the counting proxy, to count what reaches Latchkey.
let proxiedReportsApi: RunningReportsApi;
// Straight to Latchkey, as deployed: nothing in the way of a revocation's message.
let reportsApi: RunningReportsApi;
let account: Account;

beforeAll(async () => {
  database = createSqliteDatabase();
  const serviceKey = await createServiceKey(database.url);
  latchkey = await startLatchkey(database.url);
  proxy = await startCountingProxy(latchkey.url);
  [proxiedReportsApi, reportsApi] = await Promise.all([
    startReportsApi({ latchkeyUrl: proxy.url, serviceKey }),
    startReportsApi({ latchkeyUrl: latchkey.url, serviceKey }),
  ]);
  await Promise.all([
    proxiedReportsApi.untilOutput(/revocation stream ready/),
    reportsApi.untilOutput(/revocation stream ready/),
  ]);
  account = await signUp(latchkey);
});

afterAll(async () => {
  await Promise.all([proxiedReportsApi?.stop(), reportsApi?.stop()]);
  await proxy?.stop();
  await latchkey?.stop();
  await database?.drop();
});

const introspections = () => proxy.count('/oauth/introspect');

describe('the reports API behind @latchkey/verify, with Latchkey on SQLite', () => {
  it('lets a token with reports:read read, and one with reports:write write and read', async () => {
    const reader = await mintToken(latchkey, account, ['reports:read']);
    const writer = await mintToken(latchkey, account, ['reports:write']);
    expect(await askReports(reportsApi, writer.secret, createReport, { title: 'Q3' })).toEqual({
      status: 200,
      challenge: null,
      body: { data: { createReport: { title: 'Q3' } } },
    });
    expect((await askReports(reportsApi, reader.secret)).body).toEqual({ data: { reports: [{ title: 'Q3' }] } });
    expect((await askReports(reportsApi, writer.secret)).status).toBe(200);
  });

  it('refuses with 403 a field whose permission the token lacks', async () => {
    const reader = await mintToken(latchkey, account, ['reports:read']);
    const answer = await askReports(reportsApi, reader.secret, createReport, { title: 'not allowed' });
    expect(answer.status).toBe(403);
    expect(answer.challenge).toBe('Bearer error="insufficient_scope", scope="reports:write"');
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await askReports(reportsApi, reader.secret)).body.data).not.toHaveProperty('reports', [
      { title: 'not allowed' },
    ]);
  });

  it('refuses with 401 a token that holds none of the service permissions, and a request without a token', async () => {
    const elsewhere = await mintToken(latchkey, account, ['profile:read']);
    for (const secret of [elsewhere.secret, null]) {
      const answer = await askReports(reportsApi, secret);
      expect(answer.status).toBe(401);
      expect(answer.challenge).toBe('Bearer error="invalid_token"');
    }
  });

  it('refuses malformed tokens and bad checksums without a request to Latchkey', async () => {
    const reader = await mintToken(latchkey, account, ['reports:read']);
    const lastCharacter = reader.secret.at(-1) === 'a' ? 'b' : 'a';
    const badChecksum = `${reader.secret.slice(0, -1)}${lastCharacter}`;
    const before = await introspections();
    for (const secret of [badChecksum, 'lkpat_short', `${reader.secret}x`, 'not a token at all']) {
      const answer = await askReports(proxiedReportsApi, secret);
      expect(answer.status, secret).toBe(401);
      expect(answer.challenge).toBe('Bearer error="invalid_token"');
    }
    expect(await introspections()).toBe(before);
    // The same count does rise for a well-formed token it has not seen: the proxy does see introspection.
    await askReports(proxiedReportsApi, reader.secret);
    expect(await introspections()).toBe(before + 1);
  });

  it('answers from its cache after the first request for a token', async () => {
    const reader = await mintToken(latchkey, account, ['reports:read']);
    const before = await introspections();
    for (let i = 0; i < 5; i++) expect((await askReports(proxiedReportsApi, reader.secret)).status).toBe(200);
    expect(await introspections()).toBe(before + 1);
  });

  it('refuses a revoked token it had cached from the first request after the revoke returns', async () => {
    const refusals: Refusal[] = [];
    for (let round = 0; round < 10; round++) {
      const reader = await mintToken(latchkey, account, ['reports:read']);
      expect((await askReports(reportsApi, reader.secret)).status).toBe(200);
      expect((await askReports(reportsApi, reader.secret)).status).toBe(200);
      refusals.push(
        await refusedAfterRevoke(
          () => revokeToken(latchkey, account, reader),
          async () => (await askReports(reportsApi, reader.secret)).status,
        ),
      );
    }
    console.info(`SQLite: ${describeRefusals(refusals)}`);
  });
});
