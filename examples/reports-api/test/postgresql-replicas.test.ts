import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresqlDatabase, type TestDatabase } from './support/databases.js';
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
let replicaA: RunningLatchkey;
let replicaB: RunningLatchkey;
let reportsApi: RunningReportsApi;
let account: Account;

beforeAll(async () => {
  database = await createPostgresqlDatabase();
  // The script migrates the new database, so the two replicas start on a ready one.
  const serviceKey = await createServiceKey(database.url);
  [replicaA, replicaB] = await Promise.all([startLatchkey(database.url), startLatchkey(database.url)]);
  reportsApi = await startReportsApi({ latchkeyUrl: replicaB.url, serviceKey });
  await reportsApi.untilOutput(/revocation stream ready/);
  account = await signUp(replicaA);
});

afterAll(async () => {
  await reportsApi?.stop();
  await Promise.all([replicaA?.stop(), replicaB?.stop()]);
  await database?.drop();
});

describe('the reports API connected to replica B of two Latchkey replicas on PostgreSQL', () => {
  it('accepts tokens minted on replica A with the permission, and refuses a field without it with 403', async () => {
    const reader = await mintToken(replicaA, account, ['reports:read']);
    expect((await askReports(reportsApi, reader.secret)).body).toEqual({ data: { reports: [] } });
    expect((await askReports(reportsApi, reader.secret, createReport, { title: 'Q3' })).status).toBe(403);
  });

  it('refuses a token revoked on replica A from the first request after the revoke returns', async () => {
    const refusals: Refusal[] = [];
    for (let round = 0; round < 10; round++) {
      const reader = await mintToken(replicaA, account, ['reports:read']);
      expect((await askReports(reportsApi, reader.secret)).status).toBe(200);
      expect((await askReports(reportsApi, reader.secret)).status).toBe(200);
      refusals.push(
        await refusedAfterRevoke(
          () => revokeToken(replicaA, account, reader),
          async () => (await askReports(reportsApi, reader.secret)).status,
        ),
      );
    }
    console.info(`PostgreSQL, revoked on A, service on B: ${describeRefusals(refusals)}`);
  });
});
