import { createVerifier, type Verifier, type VerifyResult } from '@latchkey/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteDatabase, type TestDatabase } from './support/databases.js';
import {
  type Account,
  createServiceKey,
  mintToken,
  type RunningLatchkey,
  signUp,
  startLatchkey,
  type TokenControls,
} from './support/latchkey.js';
import { askReports, type RunningReportsApi, startReportsApi } from './support/reports-api.js';

// Issue 16's per-token controls (address allowlist, rate limit, quota) held by @latchkey/verify against a real
// Latchkey: straight through a verifier in this process, where the test chooses the client address, and through
// the reports API, whose envelop plugin sends the address its requests come from (127.0.0.1 here).

let database: TestDatabase;
let latchkey: RunningLatchkey;
let reportsApi: RunningReportsApi;
let verifier: Verifier;
let account: Account;

beforeAll(async () => {
  database = createSqliteDatabase();
  const serviceKey = await createServiceKey(database.url);
  latchkey = await startLatchkey(database.url);
  reportsApi = await startReportsApi({ latchkeyUrl: latchkey.url, serviceKey });
  // With the stream ready the verifier caches: a token with controls must be asked about on every use anyway.
  const streamReady = new Promise<void>((resolve) => {
    verifier = createVerifier({
      url: latchkey.url,
      serviceId: 'reports',
      serviceKey,
      onEvent: (event) => {
        if (event.type === 'stream_ready') resolve();
      },
    });
  });
  await Promise.all([streamReady, reportsApi.untilOutput(/revocation stream ready/)]);
  account = await signUp(latchkey);
});

afterAll(async () => {
  await verifier?.close();
  await reportsApi?.stop();
  await latchkey?.stop();
  await database?.drop();
});

async function reader(controls: TokenControls): Promise<string> {
  return (await mintToken(latchkey, account, ['reports:read'], controls)).secret;
}

function outcome(result: VerifyResult): string {
  return result.ok ? 'ok' : result.error;
}

function retryAfterSeconds(result: VerifyResult | undefined): number | null {
  return result && !result.ok && result.error === 'rate_limited' ? result.retryAfterSeconds : null;
}

describe('a verifier against Latchkey, for tokens with controls', () => {
  it('accepts a token with a quota of 3 three times out of 5, then refuses it as rate_limited', async () => {
    const secret = await reader({ quota: { uses: 3 } });
    const results: VerifyResult[] = [];
    for (let i = 0; i < 5; i++) results.push(await verifier.verify(secret, { permission: 'reports:read' }));
    expect(results.map(outcome)).toEqual(['ok', 'ok', 'ok', 'rate_limited', 'rate_limited']);
    // A quota that never refills is spent until the token expires, in 30 days.
    expect(retryAfterSeconds(results[3])).toBeGreaterThan(29 * 86_400);
  });

  it('accepts exactly 3 of 10 concurrent first verifications of a token with a quota of 3', async () => {
    const secret = await reader({ quota: { uses: 3 } });
    const results = await Promise.all(Array.from({ length: 10 }, () => verifier.verify(secret)));
    expect(results.map(outcome).sort()).toEqual([...Array(3).fill('ok'), ...Array(7).fill('rate_limited')]);
  });

  it('refuses a token over its rate limit until the window ends', async () => {
    const secret = await reader({ rateLimit: { requests: 2, windowSeconds: 3600 } });
    expect((await verifier.verify(secret)).ok).toBe(true);
    expect((await verifier.verify(secret)).ok).toBe(true);
    const refused = await verifier.verify(secret);
    expect(outcome(refused)).toBe('rate_limited');
    expect(retryAfterSeconds(refused)).toBeGreaterThan(0);
    expect(retryAfterSeconds(refused)).toBeLessThanOrEqual(3600);
  });

  it('accepts a token held to 10.0.0.0/8 from 10.1.2.3 only, and from nowhere when no address is given', async () => {
    const secret = await reader({ allowedAddresses: ['10.0.0.0/8'] });
    expect(outcome(await verifier.verify(secret, { clientAddress: '10.1.2.3' }))).toBe('ok');
    expect(outcome(await verifier.verify(secret, { clientAddress: '192.168.1.1' }))).toBe('invalid_token');
    expect(outcome(await verifier.verify(secret))).toBe('invalid_token');
    // As Node gives an IPv4 client on a dual-stack socket.
    expect(outcome(await verifier.verify(secret, { clientAddress: '::ffff:10.1.2.3' }))).toBe('ok');
    // Asked every time: an accepted answer for one address is never reused for another.
    expect(outcome(await verifier.verify(secret, { clientAddress: '192.168.1.1' }))).toBe('invalid_token');
  });
});

describe('the reports API, for tokens with controls', () => {
  it('answers 429 with Retry-After once a quota is spent', async () => {
    const secret = await reader({ quota: { uses: 2, refill: 'DAY' } });
    expect((await askReports(reportsApi, secret)).status).toBe(200);
    expect((await askReports(reportsApi, secret)).status).toBe(200);
    const response = await fetch(reportsApi.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ reports { title } }' }),
    });
    expect(response.status).toBe(429);
    // Until the next 00:00 UTC, when the quota refills.
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(86_400);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors).toMatchObject([
      { extensions: { code: 'RATE_LIMITED' } },
    ]);
  });

  it('sends the address its requests come from: 127.0.0.1 is let through, 10.0.0.0/8 is not', async () => {
    const local = await reader({ allowedAddresses: ['127.0.0.1'] });
    const elsewhere = await reader({ allowedAddresses: ['10.0.0.0/8'] });
    expect((await askReports(reportsApi, local)).status).toBe(200);
    const refused = await askReports(reportsApi, elsewhere);
    expect(refused.status).toBe(401);
    expect(refused.challenge).toBe('Bearer error="invalid_token"');
  });
});
