import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { generateTokenSecret } from '../src/tokens/format.js';
import { testDatabaseUrl } from './support/database.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';

const LIMIT = 40;
let replicas: RunningServer[] = [];

beforeAll(async () => {
  const env = { DATABASE_URL: testDatabaseUrl, LATCHKEY_RATE_LIMIT_INVALID_TOKEN_IP: String(LIMIT) };
  replicas = await Promise.all([startServerProcess(env), startServerProcess(env)]);
});

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
});

async function statusWithUnknownToken(replica: RunningServer): Promise<number> {
  const response = await fetch(replica.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${generateTokenSecret()}` },
    body: JSON.stringify({ query: '{ viewer { id } }' }),
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * The limit counts per fixed minute of the wall clock (the server processes run on the real one): start in a minute
 * with room for the whole test, or a new window halfway would rightly let up to twice the limit through.
 */
async function untilAFreshWindow(roomMs = 30_000): Promise<void> {
  const leftInThisMinute = 60_000 - (Date.now() % 60_000);
  if (leftInThisMinute < roomMs) await new Promise((resolve) => setTimeout(resolve, leftInThisMinute + 50));
}

describe('the invalid-token limit on two replicas of one PostgreSQL database', () => {
  it('holds across them, and a refused address no longer writes the shared counter', async () => {
    await untilAFreshWindow();
    const statuses: number[] = [];
    for (let i = 0; i < 3 * LIMIT; i++) statuses.push(await statusWithUnknownToken(replicas[i % 2] as RunningServer));
    const refusedAsInvalid = statuses.filter((status) => status === 401).length;
    expect(refusedAsInvalid).toBeLessThanOrEqual(LIMIT);
    // Each replica may hold unused places of its last batch (fewer than LIMIT / 8 each): only ever stricter.
    expect(refusedAsInvalid).toBeGreaterThan(LIMIT - 2 * (LIMIT / 8));
    expect(statuses.slice(-10)).toEqual(Array(10).fill(429));

    // The only invalid-token counter in this database: every request came from 127.0.0.1.
    const counter = () => db.rateLimitCounter.findFirstOrThrow({ where: { key: { startsWith: 'bearer:ip:' } } });
    const before = await counter();
    for (let i = 0; i < 10; i++) expect(await statusWithUnknownToken(replicas[i % 2] as RunningServer)).toBe(429);
    expect(await counter()).toEqual(before);
  }, 60_000);
});
