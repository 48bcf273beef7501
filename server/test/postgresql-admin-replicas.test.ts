import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAdministrator } from '../src/admin/administrators.js';
import { fromTheShell } from './support/admin-matrix.js';
import { testDatabaseUrl } from './support/database.js';
import { type RunningServer, startServerProcess } from './support/server-process.js';

// An administrative change made through one replica holds on the other from its next request: the other replica's
// cached verification of the person's tokens is forgotten by the change's message (tokens/invalidation.ts).
let replicaA: RunningServer;
let replicaB: RunningServer;

beforeAll(async () => {
  // A cache lifetime far beyond the test: only the message between replicas can explain a refusal.
  const env = { DATABASE_URL: testDatabaseUrl, LATCHKEY_TOKEN_CACHE_TTL_SECONDS: '3600' };
  [replicaA, replicaB] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
});

afterAll(async () => {
  await Promise.all([replicaA?.stop(), replicaB?.stop()]);
});

async function call(replica: RunningServer, query: string, variables: object, headers: Record<string, string>) {
  const response = await fetch(replica.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, cookie: response.headers.get('set-cookie'), body: await response.json() };
}

async function signUpOn(replica: RunningServer) {
  const email = `admin-replica-${Math.random().toString(36).slice(2)}@example.com`;
  const signedUp = await call(
    replica,
    'mutation ($input: SignUpInput!) { signUp(input: $input) { __typename } }',
    {
      input: { email, password: 'correct horse battery' },
    },
    {},
  );
  return { email, session: { cookie: (signedUp.cookie ?? '').split(';')[0] ?? '' } };
}

async function tokenOn(replica: RunningServer, session: Record<string, string>, permissions: string[]) {
  const generated = await call(
    replica,
    `mutation ($input: GenerateTokenInput!) {
      generateToken(input: $input) { __typename ... on GenerateTokenSuccess { secret } }
    }`,
    { input: { name: `replicated ${Math.random()}`, expiration: 'DAYS_30', permissions } },
    session,
  );
  expect(generated.body.data.generateToken.__typename).toBe('GenerateTokenSuccess');
  return { authorization: `Bearer ${generated.body.data.generateToken.secret}` };
}

/** Two administrators: one acts through replica A on the other, whose token replica B has verified and cached. */
async function setUp(permissions: string[]) {
  const acting = await signUpOn(replicaA);
  const subject = await signUpOn(replicaA);
  await setAdministrator(acting.email, true, fromTheShell());
  await setAdministrator(subject.email, true, fromTheShell());
  const token = await tokenOn(replicaA, subject.session, permissions);
  return { acting, subject, token };
}

const administratorsQuery = '{ administrators { email } }';

// A request reaching B within a few milliseconds of A's answer may still beat the message to B's listener (two
// sockets, a busy machine), as in replicas.test.ts; past that, B must refuse. The cache lives an hour, so only the
// message can explain B's refusal.
const MESSAGE_DELAY_MS = 25;

/** Calls B until `refused` says so; fails if B accepts a request it received after the message's allowance. */
async function expectRefusedFromNowOn(changeReturnedAt: number, request: () => Promise<boolean>) {
  for (;;) {
    const startedAt = performance.now();
    if (await request()) return;
    expect(startedAt - changeReturnedAt, 'replica B accepted a request after the change').toBeLessThan(
      MESSAGE_DELAY_MS,
    );
  }
}

describe('two replicas on one PostgreSQL database', () => {
  it("refuse an administrator's token on B from the request after A revoked the role", async () => {
    const { acting, subject, token } = await setUp(['admin:read']);
    for (let i = 0; i < 3; i++)
      expect((await call(replicaB, administratorsQuery, {}, token)).body.errors).toBeUndefined();
    const revoked = await call(
      replicaA,
      'mutation ($email: String!) { revokeAdministrator(input: { email: $email }) { __typename } }',
      { email: subject.email },
      acting.session,
    );
    expect(revoked.body.data.revokeAdministrator.__typename).toBe('RevokeAdministratorSuccess');
    await expectRefusedFromNowOn(performance.now(), async () => {
      const next = await call(replicaB, administratorsQuery, {}, token);
      return next.body.errors?.[0]?.extensions?.code === 'FORBIDDEN';
    });
  });

  it("refuse a locked person's token and session on B from the request after A locked the account", async () => {
    const { acting, subject, token } = await setUp(['admin:read', 'profile:read']);
    expect((await call(replicaB, administratorsQuery, {}, token)).body.errors).toBeUndefined();
    expect((await call(replicaB, '{ viewer { email } }', {}, subject.session)).body.data.viewer).toEqual({
      email: subject.email,
    });
    const locked = await call(
      replicaA,
      'mutation ($email: String!) { lockAccount(input: { email: $email, reason: "Replicas." }) { __typename } }',
      { email: subject.email },
      acting.session,
    );
    expect(locked.body.data.lockAccount.__typename).toBe('LockAccountSuccess');
    await expectRefusedFromNowOn(
      performance.now(),
      async () => (await call(replicaB, administratorsQuery, {}, token)).status === 401,
    );
    expect((await call(replicaB, '{ viewer { email } }', {}, subject.session)).body.data.viewer).toBeNull();

    const unlocked = await call(
      replicaA,
      'mutation ($email: String!) { unlockAccount(input: { email: $email }) { __typename } }',
      { email: subject.email },
      acting.session,
    );
    expect(unlocked.body.data.unlockAccount.__typename).toBe('UnlockAccountSuccess');
    // Being restored a moment late is harmless (B may still hold its refusal until the message arrives).
    const deadline = performance.now() + 5000;
    while ((await call(replicaB, administratorsQuery, {}, token)).status !== 200) {
      expect(performance.now(), 'replica B kept refusing the unlocked account').toBeLessThan(deadline);
    }
  });
});
