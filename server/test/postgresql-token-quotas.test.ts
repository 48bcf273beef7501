import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../src/db.js';
import { testDatabaseUrl } from './support/database.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';

// A quota holds across replicas: two server processes on one PostgreSQL database, counting in PostgreSQL, then in
// Redis (this machine runs it at 127.0.0.1:6379; REDIS_URL may point elsewhere).
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function call(replica: RunningServer, query: string, variables: object, headers: Record<string, string>) {
  const response = await fetch(replica.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, cookie: response.headers.get('set-cookie'), body: await response.json() };
}

/** A token with `quota` uses (null: no quota), made through `replica` by a new account. */
async function tokenWithQuota(replica: RunningServer, quota: number | null, rateLimit?: object): Promise<string> {
  const signedUp = await call(
    replica,
    'mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }',
    { input: { email: `quota-${Math.random().toString(36).slice(2)}@example.com`, password: 'correct horse battery' } },
    {},
  );
  const cookie = (signedUp.cookie ?? '').split(';')[0] ?? '';
  const generated = await call(
    replica,
    `mutation ($input: GenerateTokenInput!) {
      generateToken(input: $input) { __typename ... on GenerateTokenSuccess { secret } ... on Error { message } }
    }`,
    {
      input: {
        name: 'counted',
        expiration: 'DAYS_30',
        permissions: ['profile:read'],
        ...(quota === null ? {} : { quota: { uses: quota } }),
        ...(rateLimit ? { rateLimit } : {}),
      },
    },
    { cookie },
  );
  expect(generated.body.data.generateToken.__typename, JSON.stringify(generated.body)).toBe('GenerateTokenSuccess');
  return generated.body.data.generateToken.secret;
}

/** `perReplica` requests at once on each replica with `secret`; their statuses. */
async function useEverywhere(replicas: RunningServer[], secret: string, perReplica: number): Promise<number[]> {
  const uses = replicas.flatMap((replica) =>
    Array.from({ length: perReplica }, () =>
      call(replica, '{ viewer { id } }', {}, { authorization: `Bearer ${secret}` }).then(({ status }) => status),
    ),
  );
  return Promise.all(uses);
}

/** How many quota counters each store holds for `secret`'s uses so far (counted by key prefix). */
async function quotaCounters() {
  const redis = new Redis(redisUrl);
  try {
    const [{ count }] = await db.$queryRawUnsafe<[{ count: bigint }]>(
      `SELECT count(*) AS count FROM "TokenUsageCounter" WHERE "key" LIKE 'quota:%'`,
    );
    return { postgresql: Number(count), redis: (await redis.keys('latchkey:quota:*')).length };
  } finally {
    redis.disconnect();
  }
}

describe.each([
  { store: 'PostgreSQL', env: {} as Record<string, string>, counted: 'postgresql' as const },
  { store: 'Redis', env: { REDIS_URL: redisUrl }, counted: 'redis' as const },
])('two replicas counting in $store', ({ env, counted }) => {
  let replicas: RunningServer[] = [];

  beforeAll(async () => {
    const shared = { DATABASE_URL: testDatabaseUrl, ...env };
    replicas = await Promise.all([startServerProcess(shared), startServerProcess(shared)]);
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
  });

  it('never grant more uses of a quota than it holds, however the requests are spread', async () => {
    const [first] = replicas;
    if (!first) throw new Error('no replica started');
    const before = await quotaCounters();
    const secret = await tokenWithQuota(first, 7);
    const statuses = await useEverywhere(replicas, secret, 15);
    expect(statuses.filter((status) => status === 200)).toHaveLength(7);
    expect(statuses.filter((status) => status === 429)).toHaveLength(23);
    // Used up on both, later too.
    expect(await useEverywhere(replicas, secret, 1)).toEqual([429, 429]);
    // Counted where the configuration says, and only there.
    const after = await quotaCounters();
    const other = counted === 'redis' ? 'postgresql' : 'redis';
    expect([after[counted] - before[counted], after[other] - before[other]]).toEqual([1, 0]);
  });

  it('share one rate limit, so two replicas together allow no more than it', async () => {
    const [first] = replicas;
    if (!first) throw new Error('no replica started');
    // A day-long window: the test cannot straddle two of them unless it runs across midnight UTC.
    const secret = await tokenWithQuota(first, 1000, { requests: 4, windowSeconds: 86_400 });
    const statuses = await useEverywhere(replicas, secret, 5);
    expect(statuses.filter((status) => status === 200)).toHaveLength(4);
  });
});

describe('a replica whose counter store is unreachable', () => {
  let replica: RunningServer | undefined;

  afterAll(async () => {
    await replica?.stop();
  });

  it('refuses the uses of limited tokens and serves the others', async () => {
    // Nothing listens on port 1: every count fails.
    replica = await startServerProcess({ DATABASE_URL: testDatabaseUrl, REDIS_URL: 'redis://127.0.0.1:1' });
    const secret = await tokenWithQuota(replica, 100);
    const limited = await call(replica, '{ viewer { id } }', {}, { authorization: `Bearer ${secret}` });
    expect(limited.status).toBe(500);
    expect(limited.body.errors[0].message).toBe('Unexpected error.');
    const unlimited = await tokenWithQuota(replica, null);
    expect((await call(replica, '{ viewer { id } }', {}, { authorization: `Bearer ${unlimited}` })).status).toBe(200);
  });
});
